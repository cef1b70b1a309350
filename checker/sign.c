/* sign.c - accord sign and accord verify ENVELOPE (v1.1 §3): a report's
 * in-toto Statement in a DSSE envelope, signed and countersigned, and the
 * envelope checked against trusted keys before the report is re-checked.
 *
 * The Statement is a function of the report's bytes alone (its pins and
 * results), so that whoever holds the report can rebuild it and compare:
 * verify never takes a subject's name as a path to read, only the
 * report's own, and then only inside the current folder.
 */
#define _XOPEN_SOURCE 700
#include "sign.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envelope.h"
#include "files.h"
#include "keys.h"
#include "load.h"
#include "map.h"
#include "output.h"
#include "run.h"

/* The Statement of a report (v1.1 §3): the report (named as given, its
   bytes' SHA-256), the standard, each import, the waivers file and each
   evidence file as subjects; the standard and its imports as the
   configuration; the verdict as the result; requirement ids by result. */
static void statement_of(Arena *a, const Report *r, const char *name, const char *sha256,
                         Statement *s)
{
    memset(s, 0, sizeof *s);
    int max = 3 + r->nsources + r->nfiles;
    s->subjects = arena_alloc(a, sizeof(Subject) * (size_t)max);
    s->config = arena_alloc(a, sizeof(Subject) * (size_t)(1 + r->nsources));
    s->subjects[s->nsubjects++] = (Subject){name, sha256};
    s->config[s->nconfig++] = (Subject){r->std_file, r->std_sha256};
    s->subjects[s->nsubjects++] = (Subject){r->std_file, r->std_sha256};
    for (int i = 0; i < r->nsources; i++) {
        Subject d = {r->sources[i].path, r->sources[i].sha256};
        s->subjects[s->nsubjects++] = d;
        s->config[s->nconfig++] = d;
    }
    if (r->waivers.path)
        s->subjects[s->nsubjects++] = (Subject){r->waivers.path, r->waivers.sha256};
    for (int i = 0; i < r->nfiles; i++)
        s->subjects[s->nsubjects++] = (Subject){r->files[i].path, r->files[i].sha256};
    s->result = strcmp(r->verdict, "compliant") == 0       ? "PASSED"
                : strcmp(r->verdict, "non-compliant") == 0 ? "FAILED"
                                                           : "WARNED";
    for (int t = 0; t < 3; t++)
        s->tests[t] = arena_alloc(a, sizeof(char *) * (size_t)(r->nreqs + 1));
    for (int i = 0; i < r->nreqs; i++) {
        const ReportReq *q = &r->reqs[i];
        /* requirements only: a recommendation never changes the verdict,
           so it is in none of the lists (decision 27) */
        if (!q->requirement)
            continue;
        int t = strcmp(q->result, "pass") == 0   ? 0
                : strcmp(q->result, "fail") == 0 ? 1
                : strcmp(q->result, "error") == 0 || strcmp(q->result, "inconclusive") == 0 ? 2
                                                                                          : -1;
        if (t >= 0)
            s->tests[t][s->ntests[t]++] = q->id;
    }
}

/* Reads the report at path as sign and verify do: its text in *text, its
   SHA-256 in sha; false when it cannot be read or is not a report (said on
   standard error, prefixed by who). */
static bool load_report(Arena *a, const char *who, const char *path, char **text, size_t *len,
                        char sha[65], Report *r)
{
    errno = 0;
    *text = load_file(a, path, len);
    if (!*text) {
        fprintf(stderr, "accord %s: cannot read '%s': %s\n", who, path,
                errno == EFBIG ? "larger than 64 MiB" : strerror(errno));
        return false;
    }
    const char *why = NULL;
    if (!report_read(a, *text, *len, r, &why)) {
        fprintf(stderr, "accord %s: %s: not an accord report: %s\n", who, path, why);
        return false;
    }
    if (!sha256_hex(*text, *len, sha)) {
        fprintf(stderr, "accord %s: %s: cannot hash it\n", who, path);
        return false;
    }
    return true;
}

/* The subjects of two Statements that differ, named, one line each (the
   first is the envelope's, the second the one the files give). */
static int name_differences(Arena *a, const Statement *env, const Statement *mine,
                            const char *env_name)
{
    int n = 0;
    Map *m = map_new(a);
    for (int i = 0; i < mine->nsubjects; i++)
        map_put(m, mine->subjects[i].name, &mine->subjects[i]);
    Map *seen = map_new(a);
    for (int i = 0; i < env->nsubjects; i++) {
        const Subject *e = &env->subjects[i];
        map_put(seen, e->name, (void *)e);
        const Subject *f = map_get(m, e->name);
        if (!f) {
            verify_say(a, "differs: subject %s: in %s, not among the report's files", e->name,
                   env_name);
            n++;
        } else if (strcmp(f->sha256, e->sha256) != 0) {
            verify_say(a, "differs: subject %s: sha256 %s in %s, %s now", e->name,
                   e->sha256, env_name, f->sha256);
            n++;
        }
    }
    for (int i = 0; i < mine->nsubjects; i++)
        if (!map_get(seen, mine->subjects[i].name)) {
            verify_say(a, "differs: subject %s: a file of the report, not in %s",
                   mine->subjects[i].name, env_name);
            n++;
        }
    if (!n) {
        verify_say(a, "differs: the statement in %s (its result, tests or order), not the "
               "report's", env_name);
        n++;
    }
    return n;
}

int sign_report(const SignRequest *rq)
{
    Arena *a = arena_new();
    int rc = EXIT_USAGE;
    const char *why = NULL;
    Key *key = key_read_private(a, rq->key, &why);
    char *text, sha[65];
    size_t len;
    Report r = {0};
    if (!key) {
        fprintf(stderr, "accord sign: %s\n", why);
        goto out;
    }
    if (!path_below(rq->report)) {
        /* the envelope names the report as given, and verify reads it
           from its own folder only */
        fprintf(stderr, "accord sign: '%s': name the report by a path inside this folder "
                "(the envelope names it so)\n", rq->report);
        goto out;
    }
    if (!load_report(a, "sign", rq->report, &text, &len, sha, &r))
        goto out;
    /* a party signs what it holds: the files as the report pins them */
    int diffs = report_rehash(a, &r, r.std_file, r.root, r.waivers.path);
    if (diffs) {
        fprintf(stderr, "accord sign: %s: not signed: %d file%s differ%s from the report "
                "(above)\n", rq->report, diffs, diffs == 1 ? "" : "s", diffs == 1 ? "s" : "");
        rc = EXIT_CHANGED;
        goto out;
    }
    Statement st;
    statement_of(a, &r, rq->report, sha, &st);
    size_t plen;
    char *payload = statement_json(&st, &plen);
    if (!payload) {
        fprintf(stderr, "accord sign: %s: cannot write its statement\n", rq->report);
        goto out;
    }
    arena_own(a, payload);
    Envelope env = {.payload_type = INTOTO_PAYLOAD_TYPE, .payload = (unsigned char *)payload,
                    .payload_len = plen};
    if (rq->add) {
        size_t elen;
        errno = 0;
        char *etext = load_file(a, rq->add, &elen);
        if (!etext) {
            fprintf(stderr, "accord sign: cannot read '%s': %s\n", rq->add, strerror(errno));
            goto out;
        }
        Envelope old;
        if (!envelope_read(a, etext, elen, &old, &why)) {
            fprintf(stderr, "accord sign: %s: not a DSSE envelope: %s\n", rq->add, why);
            goto out;
        }
        if (strcmp(old.payload_type, INTOTO_PAYLOAD_TYPE) != 0) {
            fprintf(stderr, "accord sign: %s: its payload is not an in-toto statement\n",
                    rq->add);
            goto out;
        }
        if (old.payload_len != plen || memcmp(old.payload, payload, plen) != 0) {
            /* the countersigner checks before signing: name what differs */
            Statement theirs;
            if (!statement_read(a, old.payload, old.payload_len, &theirs, &why)) {
                fprintf(stderr, "accord sign: %s: its payload is not a statement of accord: "
                        "%s\n", rq->add, why);
                goto out;
            }
            int n = name_differences(a, &theirs, &st, rq->add);
            fprintf(stderr, "accord sign: %s: not countersigned: its statement differs from "
                    "the report and the files (%d difference%s, above)\n", rq->add, n,
                    n == 1 ? "" : "s");
            rc = EXIT_CHANGED;
            goto out;
        }
        for (int i = 0; i < old.nsigs; i++)
            if (strcmp(old.sigs[i].keyid, key_id(key)) == 0) {
                fprintf(stderr, "accord sign: %s: already signed by key %s\n", rq->add,
                        key_id(key));
                goto out;
            }
        env.sigs = arena_alloc(a, sizeof(Signature) * (size_t)(old.nsigs + 1));
        memcpy(env.sigs, old.sigs, sizeof(Signature) * (size_t)old.nsigs);
        env.nsigs = old.nsigs;
    } else {
        env.sigs = arena_alloc(a, sizeof(Signature));
    }
    size_t pae_len, slen;
    unsigned char *pae = dsse_pae(INTOTO_PAYLOAD_TYPE, env.payload, plen, &pae_len);
    unsigned char *sig = key_sign(key, pae, pae_len, &slen);
    free(pae);
    if (!sig) {
        fprintf(stderr, "accord sign: %s: the %s signature failed\n", rq->key, key_kind(key));
        goto out;
    }
    arena_own(a, sig);
    env.sigs[env.nsigs++] = (Signature){key_id(key), sig, slen};
    size_t olen;
    char *out = envelope_json(&env, &olen);
    if (!out) {
        fprintf(stderr, "accord sign: cannot write the envelope\n");
        goto out;
    }
    rc = EXIT_OK;
    if (rq->output) {
        if (!write_atomically("sign", rq->output, out, olen))
            rc = EXIT_USAGE;
    } else if (fwrite(out, 1, olen, stdout) != olen || fflush(stdout) != 0) {
        fprintf(stderr, "accord sign: cannot write the envelope: %s\n", strerror(errno));
        rc = EXIT_USAGE;
    }
    free(out);
out:
    report_free(&r);
    key_free(key);
    arena_free(a);
    return rc;
}

int verify_envelope(const VerifyRequest *rq, const char *text, size_t len)
{
    Arena *a = arena_new();
    int rc = EXIT_USAGE;
    const char *why = NULL;
    Key **keys = NULL;
    int nkeys = 0;
    Report r = {0};
    Envelope env;
    if (!envelope_read(a, text, len, &env, &why)) {
        fprintf(stderr, "accord verify: %s: not a DSSE envelope: %s\n", rq->report, why);
        goto out;
    }
    if (strcmp(env.payload_type, INTOTO_PAYLOAD_TYPE) != 0) {
        fprintf(stderr, "accord verify: %s: its payloadType is not '%s'\n", rq->report,
                INTOTO_PAYLOAD_TYPE);
        goto out;
    }
    if (!rq->trust) {
        fprintf(stderr, "accord verify: %s is an envelope: --trust KEYS.pem names the keys "
                "whose signatures count\nRun 'accord help verify' for usage.\n", rq->report);
        goto out;
    }
    keys = key_read_public(a, rq->trust, &nkeys, &why);
    if (!keys) {
        fprintf(stderr, "accord verify: %s\n", why);
        goto out;
    }
    int threshold = rq->threshold ? rq->threshold : 1;
    if (threshold > nkeys) {
        fprintf(stderr, "accord verify: --threshold %d, but %s holds %d key%s\n", threshold,
                rq->trust, nkeys, nkeys == 1 ? "" : "s");
        goto out;
    }
    int differences = 0, good = 0;
    bool *counted = arena_alloc(a, sizeof(bool) * (size_t)nkeys);
    size_t pae_len;
    unsigned char *pae = dsse_pae(env.payload_type, env.payload, env.payload_len, &pae_len);
    for (int i = 0; i < env.nsigs; i++) {
        const Signature *s = &env.sigs[i];
        int k = 0;
        while (k < nkeys && strcmp(key_id(keys[k]), s->keyid) != 0)
            k++;
        if (k == nkeys) {
            /* another party's countersignature: not counted, not an error */
            verify_say(a, "untrusted: signature %d by key %.64s (not in %s)", i + 1, s->keyid,
                   rq->trust);
        } else if (!key_verify(keys[k], pae, pae_len, s->sig, s->len)) {
            verify_say(a, "bad signature: signature %d by key %s (%s)", i + 1, s->keyid,
                   key_kind(keys[k]));
            differences++;
        } else if (!counted[k]) {
            counted[k] = true;
            good++;
            verify_say(a, "signed: signature %d by key %s (%s)", i + 1, s->keyid,
                       key_kind(keys[k]));
        }
    }
    free(pae);
    if (good < threshold) {
        verify_say(a, "threshold: %d of the trusted keys signed, %d needed", good, threshold);
        differences++;
    }
    Statement st;
    if (!statement_read(a, env.payload, env.payload_len, &st, &why)) {
        fprintf(stderr, "accord verify: %s: its payload is not a statement of accord: %s\n",
                rq->report, why);
        goto out;
    }
    if (st.nsubjects == 0 || !path_below(st.subjects[0].name)) {
        /* the report is the first subject, read from here only */
        verify_say(a, "refused: subject %s: the report must be a path inside this folder",
               st.nsubjects ? st.subjects[0].name : "(none)");
        differences++;
        rc = EXIT_CHANGED;
        goto summary;
    }
    const char *name = st.subjects[0].name;
    char *rtext, sha[65];
    size_t rlen;
    if (!load_report(a, "verify", name, &rtext, &rlen, sha, &r)) {
        verify_say(a, "missing: report %s", name);
        differences++;
        rc = EXIT_CHANGED;
        goto summary;
    }
    if (strcmp(sha, st.subjects[0].sha256) != 0) {
        verify_say(a, "changed: report %s: sha256 %s in the envelope, %s now", name,
               st.subjects[0].sha256, sha);
        differences++;
    }
    Statement mine;
    statement_of(a, &r, name, st.subjects[0].sha256, &mine);
    size_t mlen;
    char *mjson = statement_json(&mine, &mlen);
    if (mjson)
        arena_own(a, mjson);
    if (!mjson || mlen != env.payload_len || memcmp(mjson, env.payload, mlen) != 0)
        differences += name_differences(a, &st, &mine, "the envelope");
    fflush(stdout);
    /* then the report itself, as verify REPORT re-checks it */
    VerifyRequest vr = *rq;
    vr.report = name;
    int vrc = verify_report(&vr);
    if (vrc == EXIT_USAGE) {
        rc = EXIT_USAGE;
        goto out;
    }
    differences += vrc != EXIT_OK;
summary:
    rc = differences ? EXIT_CHANGED : EXIT_OK;
    verify_say(a, "accord verify: %s: %s", rq->report,
           differences ? "does not verify" : "verified: signatures, statement and report");
out:
    report_free(&r);
    for (int i = 0; i < nkeys; i++)
        key_free(keys[i]);
    arena_free(a);
    return rc;
}
