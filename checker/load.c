/* load.c - files, imports, the search path and cycles. */
#define _XOPEN_SOURCE 700
#include "load.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parse.h"

#ifndef ACCORD_STDDIR
#define ACCORD_STDDIR "/usr/local/share/accord/standards"
#endif

/* A standard is a small text; anything this large is a mistake. */
enum { MAX_SOURCE = 64 << 20 };

char *load_file(Arena *a, const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return NULL;
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        if (f != stdin)
            fclose(f);
        errno = EISDIR;
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (n == cap) {
            if (cap >= MAX_SOURCE) {
                free(buf);
                if (f != stdin)
                    fclose(f);
                errno = EFBIG;
                return NULL;
            }
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    int err = ferror(f) ? errno : 0;
    if (f != stdin)
        fclose(f);
    if (err) {
        free(buf);
        errno = err;
        return NULL;
    }
    char *text = arena_strndup(a, buf, n);
    free(buf);
    *len = n;
    return text;
}

typedef struct Open {
    Module *m;
    const char *real;       /* its real path, for cycles */
} Open;

typedef struct Loader {
    Program *p;
    Map *by_real;           /* real path -> Module, each file parsed once */
    Map *open;              /* real path -> int *: its place in stack + 1,
                               0 once it is loaded */
    Open *stack;            /* the chain of imports being loaded */
    int depth, cap;
    int nmods_cap;
} Loader;

static void add_module(Loader *l, Module *m)
{
    Program *p = l->p;
    p->mods = arena_grow(p->arena, p->mods, p->nmods, &l->nmods_cap, sizeof(Module *));
    p->mods[p->nmods++] = m;
}

static bool is_standard_name(const char *path)
{
    size_t n = strlen(path);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    return n > 7 && strcmp(path + n - 7, ".accord") == 0 && strlen(base) > 7;
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The folder part of a pin, with its prefix ("ACCORD_PATH:lib/" for
   "ACCORD_PATH:lib/x.accord"; "" for the root): an import found beside
   a file is named from there, so that no pin is an absolute path the
   user did not type (v1.1 §2). */
static const char *pin_dir(Arena *a, const char *pin)
{
    const char *slash = strrchr(pin, '/'), *end = pin;
    if (slash)
        end = slash + 1;
    else if (strncmp(pin, "ACCORD_PATH:", 12) == 0 || strncmp(pin, "installed:", 10) == 0)
        end = strchr(pin, ':') + 1;
    return arena_strndup(a, pin, (size_t)(end - pin));
}

/* Where installed standards are: share/accord/standards beside the bin
   folder of this very binary when there is one (so that `make install
   PREFIX=...` works whatever PREFIX the build had), else the folder the
   build was configured with. Found once, on the main thread. */
static const char *stddir(void)
{
    static char found[4096];
    static bool done;
    if (done)
        return found[0] ? found : ACCORD_STDDIR;
    done = true;
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return ACCORD_STDDIR;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return ACCORD_STDDIR;
    *slash = '\0';
    char cand[4200];
    snprintf(cand, sizeof cand, "%s/../share/accord/standards", exe);
    char *real = realpath(cand, NULL);
    struct stat st;
    if (real && stat(real, &st) == 0 && S_ISDIR(st.st_mode) && strlen(real) < sizeof found)
        strcpy(found, real);
    free(real);
    return found[0] ? found : ACCORD_STDDIR;
}

/* Where `import "name"` in module m leads, or NULL; *pin is the name the
   report gives it: the import's own name when absolute (the author typed
   it), else beside m (named from m's pin), in ACCORD_PATH, or installed. */
static const char *resolve(Arena *a, const Module *m, const char *name, const char **pin)
{
    if (name[0] == '/') {
        *pin = name;
        return is_file(name) ? name : NULL;
    }
    const char *p = arena_printf(a, "%s%s", m->src->dir, name);
    if (is_file(p)) {
        *pin = arena_printf(a, "%s%s", pin_dir(a, m->pin), name);
        return p;
    }
    const char *env = getenv("ACCORD_PATH");
    if (env) {
        for (const char *s = env; *s;) {
            const char *colon = strchr(s, ':');
            size_t n = colon ? (size_t)(colon - s) : strlen(s);
            if (n > 0) {
                p = arena_printf(a, "%.*s%s%s", (int)n, s, s[n - 1] == '/' ? "" : "/", name);
                if (is_file(p)) {
                    *pin = arena_printf(a, "ACCORD_PATH:%s", name);
                    return p;
                }
            }
            s += n + (colon != NULL);
        }
    }
    p = arena_printf(a, "%s/%s", stddir(), name);
    *pin = arena_printf(a, "installed:%s", name);
    return is_file(p) ? p : NULL;
}

const char *load_pin_path(Arena *a, const char *dir, const char *pin)
{
    if (strncmp(pin, "installed:", 10) == 0)
        return arena_printf(a, "%s/%s", stddir(), pin + 10);
    if (strncmp(pin, "ACCORD_PATH:", 12) != 0)
        return pin[0] == '/' ? pin : arena_printf(a, "%s%s", dir, pin);
    const char *name = pin + 12, *env = getenv("ACCORD_PATH");
    for (const char *s = env ? env : ""; *s;) {
        const char *colon = strchr(s, ':');
        size_t n = colon ? (size_t)(colon - s) : strlen(s);
        if (n > 0) {
            const char *p = arena_printf(a, "%.*s%s%s", (int)n, s, s[n - 1] == '/' ? "" : "/",
                                         name);
            if (is_file(p))
                return p;
        }
        s += n + (colon != NULL);
    }
    return NULL;
}

static Module *load(Loader *l, const char *path, const char *real, const char *pin, Loc from);

static void load_imports(Loader *l, Module *m)
{
    Program *p = l->p;
    int n = 0;
    for (Decl *d = m->decls; d; d = d->next)
        n += d->kind == D_IMPORT;
    m->imports = arena_alloc(p->arena, sizeof(Module *) * (size_t)(n ? n : 1));
    for (Decl *d = m->decls; d; d = d->next) {
        if (d->kind != D_IMPORT || p->diag->stopped)
            continue;
        if (d->name[0] == '\0') {
            diag_error(p->diag, d->name_loc, "empty import path");
            continue;
        }
        if (!is_standard_name(d->name)) {
            /* nothing but a standard is read as one: a key or a token file
               named here must never be quoted back in a diagnostic */
            diag_error(p->diag, d->name_loc, "an import names a standard, a file ending in "
                       "'.accord': '%s' is not one", d->name);
            continue;
        }
        const char *pin = NULL;
        const char *path = resolve(p->arena, m, d->name, &pin);
        if (!path) {
            diag_error(p->diag, d->name_loc,
                       "cannot find '%s' (looked beside this file, in ACCORD_PATH and in %s)",
                       d->name, stddir());
            continue;
        }
        char *rp = realpath(path, NULL);
        if (!rp) {
            diag_error(p->diag, d->name_loc, "cannot read '%s': %s", path, strerror(errno));
            continue;
        }
        const char *real = arena_strdup(p->arena, rp);
        free(rp);
        if (!is_standard_name(real)) {
            diag_error(p->diag, d->name_loc, "'%s' is a link to a file that is not a standard "
                       "(its name does not end in '.accord')", d->name);
            continue;
        }
        /* on the chain being loaded? (a table, not a walk along it: a chain
           of 80 000 imports took 26 s) */
        int *at = map_get(l->open, real);
        for (int i = at && *at ? *at - 1 : l->depth; i < l->depth; i++) {
            /* the cycle: from the file imported again down to here */
            size_t len = 0;
            for (int k = i; k < l->depth; k++)
                len += strlen(l->stack[k].m->src->path) + 4;
            char *msg = arena_alloc(p->arena, len + strlen(path) + 1);
            for (int k = i; k < l->depth; k++) {
                strcat(msg, l->stack[k].m->src->path);
                strcat(msg, " -> ");
            }
            strcat(msg, path);
            diag_error(p->diag, d->name_loc, "import cycle: %s", msg);
            real = NULL;
            break;
        }
        if (!real)
            continue;
        Module *im = map_get(l->by_real, real);
        if (!im)
            im = load(l, path, real, pin, d->name_loc);
        if (im) {
            im->library = true;
            m->imports[m->nimports++] = im;
        }
    }
}

static Module *load(Loader *l, const char *path, const char *real, const char *pin, Loc from)
{
    Program *p = l->p;
    size_t len;
    char *text = load_file(p->arena, path, &len);
    if (!text) {
        if (from.src >= 0)
            diag_error(p->diag, from, "cannot read '%s': %s", path, strerror(errno));
        else
            diag_file_error(p->diag, NULL, "cannot read '%s': %s", path, strerror(errno));
        return NULL;
    }
    Source *src = diag_add_source(p->diag, strcmp(path, "-") == 0 ? "<stdin>" : path,
                                  text, len);
    if (strcmp(path, "-") == 0)
        src->dir = "";
    Module *m = parse_module(p->arena, p->diag, src);
    m->pin = pin;
    if (real)
        map_put(l->by_real, real, m);
    l->stack = arena_grow(p->arena, l->stack, l->depth, &l->cap, sizeof(Open));
    l->stack[l->depth++] = (Open){m, real ? real : ""};
    int *at = NULL;
    if (real) {
        at = map_get(l->open, real);
        if (!at) {
            at = NEW(p->arena, int);
            map_put(l->open, real, at);
        }
        *at = l->depth;
    }
    load_imports(l, m);
    if (at)
        *at = 0;
    l->depth--;
    add_module(l, m);
    return m;
}

Program *load_program(Arena *a, Diag *d, const char *path)
{
    Program *p = NEW(a, Program);
    p->arena = a;
    p->diag = d;
    Loader l = {0};
    l.p = p;
    l.by_real = map_new(a);
    l.open = map_new(a);
    const char *real = NULL;
    if (strcmp(path, "-") != 0 && !is_standard_name(path) && is_file(path)) {
        /* never parsed, so never quoted: a key or a token file given by
           mistake stays out of the diagnostics (and a public CI log) */
        diag_file_error(d, path, "not a standard: its name does not end in '.accord'");
        return NULL;
    }
    if (strcmp(path, "-") != 0) {
        char *rp = realpath(path, NULL);
        if (rp) {
            real = arena_strdup(a, rp);
            free(rp);
        }
        if (real && !is_standard_name(real) && is_file(real)) {
            diag_file_error(d, path, "not a standard: it is a link to a file whose name does "
                            "not end in '.accord'");
            return NULL;
        }
    }
    p->root = load(&l, path, real, "", NOLOC);
    return p->root ? p : NULL;
}
