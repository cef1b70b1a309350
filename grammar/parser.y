/* parser.y - the grammar of the accord language (language.md §3, §5-§8).
 *
 * A pure parser with locations over the reentrant scanner of lexer.l. It
 * builds the tree of ast.h in the compile's arena, so no semantic value owns
 * memory and no %destructor is needed: on any error path the arena frees all.
 *
 * Error recovery (language.md §9): each list of items (declarations,
 * statements, fields, header, profile and test lines) has an `error`
 * alternative, so tokens are discarded up to the next item or closing brace.
 * Every item is preceded by the empty rule `start`, whose action (yyerrok)
 * re-enables messages as soon as the next item begins, rather than after
 * three tokens as bison does by default: the next bad line gets its own
 * message. LAC guarantees that `start` is reduced only on a token that will
 * be shifted, and yyreport_syntax_error reports at most one error per line.
 * One bad line gives one message.
 */
%code top {
#define _POSIX_C_SOURCE 200809L
}

%code requires {
#include "parse.h"
typedef void *yyscan_t;
#define YYLTYPE Loc
#define YYLTYPE_IS_DECLARED 1
#define YYLLOC_DEFAULT(Cur, Rhs, N) do { \
    if (N) { \
        (Cur).src = YYRHSLOC(Rhs, 1).src; \
        (Cur).beg = YYRHSLOC(Rhs, 1).beg; \
        (Cur).end = YYRHSLOC(Rhs, N).end; \
    } else { \
        (Cur).src = YYRHSLOC(Rhs, 0).src; \
        (Cur).beg = (Cur).end = YYRHSLOC(Rhs, 0).end; \
    } } while (0)
}

%code provides {
/* The scanner proper; yylex (below) wraps it to insert closing braces
   during error recovery. */
#define YY_DECL int accord_scan(YYSTYPE *yylval_param, YYLTYPE *yylloc_param, \
                                yyscan_t yyscanner, ParseCtx *ctx)
YY_DECL;
int yylex(YYSTYPE *lval, YYLTYPE *lloc, yyscan_t scanner, ParseCtx *ctx);
}

%code {
#include <string.h>

#define A (ctx->arena)

static Expr *mk(ParseCtx *ctx, ExprKind k, Loc loc)
{
    Expr *e = NEW(A, Expr);
    e->kind = k;
    e->loc = loc;
    return e;
}

static Expr *bin(ParseCtx *ctx, ExprKind k, Op op, Expr *l, Expr *r, Loc loc)
{
    Expr *e = mk(ctx, k, loc);
    e->op = op;
    e->a = l;
    e->b = r;
    return e;
}

/* Records how deep an expression nests. Later stages walk the tree
   recursively, so a pathological file (a sum of a million terms, say) must
   be refused here rather than exhaust the stack there. */
enum { MAX_DEPTH = 1000 };

static Expr *fin(ParseCtx *ctx, Expr *e)
{
    int d = 0;
    const Expr *kids[3] = {e->a, e->b, e->c};
    if (e->kind == E_LIST || e->kind == E_CALL) {
        for (const Expr *x = e->a; x; x = x->next)
            if (x->depth > d)
                d = x->depth;
    } else {
        for (int i = 0; i < 3; i++)
            if (kids[i] && kids[i]->depth > d)
                d = kids[i]->depth;
    }
    e->depth = (short)(d <= MAX_DEPTH ? d + 1 : MAX_DEPTH + 1);   /* no more is needed */
    if (e->depth > MAX_DEPTH && !ctx->too_deep) {
        ctx->too_deep = true;
        diag_error(ctx->diag, e->loc, "expression nested too deeply (more than %d levels)",
                   MAX_DEPTH);
    }
    return e;
}

static Stmt *stmt(ParseCtx *ctx, StmtKind k, Loc loc)
{
    Stmt *s = NEW(A, Stmt);
    s->kind = k;
    s->loc = loc;
    return s;
}

static Decl *decl(ParseCtx *ctx, DeclKind k, Loc loc)
{
    Decl *d = NEW(A, Decl);
    d->kind = k;
    d->loc = loc;
    d->module = ctx->mod;
    *ctx->tail = d;
    ctx->tail = &d->next;
    return d;
}

static Item *item(ParseCtx *ctx, ItemKind k, Loc loc)
{
    Item *it = NEW(A, Item);
    it->kind = k;
    it->loc = loc;
    return it;
}

/* An integral literal within the range where doubles count exactly is an
   int (language.md §4: "a number with an integral value"). */
static bool integral(double v)
{
    /* the range test first: converting a double beyond long long's range
       is undefined behaviour (found by fuzzing: 1e25) */
    return v <= 9007199254740992.0 && v >= -9007199254740992.0
           && v == (double)(long long)v;
}

/* Called by bison only when its stack is exhausted. */
static void yyerror(Loc *loc, yyscan_t scanner, ParseCtx *ctx, const char *msg)
{
    (void)scanner;
    (void)msg;
    if (!ctx->too_deep)
        diag_error(ctx->diag, *loc, "nested too deeply for the parser");
    ctx->too_deep = true;
}
}

%define api.pure full
%define parse.error custom
%define parse.lac full
%locations
%header
%expect 0
%param {yyscan_t scanner} {ParseCtx *ctx}
%initial-action { @$ = (Loc){ctx->src->id, ctx->off, ctx->off}; }

%union {
    double num;
    struct { const char *s; size_t n; } str;
    const char *id;
    Expr *expr;
    Stmt *stmt;
    Field *field;
    Item *item;
    Id *ids;
    TypeExpr *type;
    Op op;
    struct { Expr *head, *tail; } exprs;
    struct { Stmt *head, *tail; } stmts;
    struct { Field *head, *tail; } fields;
    struct { Item *head, *tail; } items;
    struct { Id *head, *tail; } idl;
}

%token END 0            "end of file"
%token <id> IDENT       "identifier"
%token <id> ID          "requirement id"
%token <str> STRING     "string"
%token <num> NUMBER     "number"
%token <num> PERCENT    "percentage"
%token <num> DURATION   "duration"
%token <num> DATE       "date"
%token <num> DATETIME   "date-time"
%token STANDARD "'standard'" TITLE "'title'" VERSION "'version'"
       PUBLISHER "'publisher'" DESCRIPTION "'description'" IMPORT "'import'"
       PARAM "'param'" SET "'set'" EVIDENCE "'evidence'" FROM "'from'"
       AS "'as'" AT "'at'" OPTIONAL "'optional'" RECORDS "'records'"
       DEFINE "'define'" REQUIREMENT "'requirement'"
       RECOMMENDATION "'recommendation'" PROFILE "'profile'"
       EXTENDS "'extends'" INCLUDE "'include'" EXCLUDE "'exclude'"
       TEST "'test'" EXPECT "'expect'" WAIVERS "'waivers'" AS_OF "'as_of'"
       SEVERITY "'severity'" CITES "'cites'" RATIONALE "'rationale'"
       APPLIES "'applies'" WHEN "'when'" WAIVABLE "'waivable'" LET "'let'"
       REQUIRE "'require'" ELSE "'else'" FOR "'for'" EACH "'each'"
       IN "'in'" WHERE "'where'" ALL "'all'" ANY "'any'" NONE "'none'"
       IF "'if'" THEN "'then'" AND "'and'" OR "'or'" NOT "'not'"
       WITH "'with'" CONFIDENCE "'confidence'" TRUE "'true'" FALSE "'false'"
       TODAY "'today'"
       EQ "'=='" NE "'!='" LE "'<='" GE "'>='"

/* Loosest first (language.md §6). The bodies of `if`, `where` and of
   quantifiers reach as far right as they can. */
%precedence IF ALL
%right WHERE
%left OR
%left AND
%precedence NOT
%nonassoc EQ NE '<' LE '>' GE IN
%precedence WITH
%left '+' '-'
%left '*' '/'
%precedence UMINUS

%type <id> name
%type <expr> expr opt_doc_expr primary literal
%type <exprs> exprs args
%type <stmt> stmt
%type <stmts> stmts
%type <field> field
%type <fields> fields
%type <item> header_item profile_item test_item
%type <items> header_items profile_items test_items
%type <idl> ids
%type <type> type opt_type
%type <op> cmp quant
%type <str> opt_title opt_label opt_else
%type <num> bool

%start file

%%

file: decls ;

decls
    : %empty
    | decls start decl
    | decls error           { if (ctx->diag->stopped) YYABORT; }
    ;

/* An item begins: syntax errors may be reported again (see the header). */
start: %empty { yyerrok; } ;

/* A block ends: so may they. */
rbrace: '}' { yyerrok; } ;

/* Words that are keywords in one place only may be names elsewhere, so that
   an evidence field can be called `version` or `severity`. The words that
   begin a top-level declaration stay reserved: were they names, a
   declaration left unfinished would swallow the next one's keyword, and the
   error would be reported in the wrong place. */
name
    : IDENT
    | TITLE { $$ = "title"; } | VERSION { $$ = "version"; }
    | PUBLISHER { $$ = "publisher"; } | DESCRIPTION { $$ = "description"; }
    | FROM { $$ = "from"; } | AS { $$ = "as"; } | AT { $$ = "at"; }
    | RECORDS { $$ = "records"; } | EXTENDS { $$ = "extends"; }
    | WAIVERS { $$ = "waivers"; } | AS_OF { $$ = "as_of"; }
    | SEVERITY { $$ = "severity"; } | CITES { $$ = "cites"; }
    | RATIONALE { $$ = "rationale"; } | APPLIES { $$ = "applies"; }
    | WHEN { $$ = "when"; } | WAIVABLE { $$ = "waivable"; } | EACH { $$ = "each"; }
    | CONFIDENCE { $$ = "confidence"; }
    ;

decl
    : STANDARD ID '{' header_items rbrace {
        Decl *d = decl(ctx, D_STANDARD, @$);
        d->name = $2; d->name_loc = @2; d->items = $4.head; d->rbrace = @5;
      }
    | IMPORT STRING {
        Decl *d = decl(ctx, D_IMPORT, @$);
        d->name = $2.s; d->name_loc = @2;
      }
    | PARAM name opt_type '=' expr opt_doc_expr {
        Decl *d = decl(ctx, D_PARAM, @$);
        d->name = $2; d->name_loc = @2; d->type = $3; d->value = $5;
        if ($6) { d->doc = $6->str; d->doc_loc = $6->loc; }
      }
    | PARAM name ':' name '<' type GE expr opt_doc_expr {
        /* list<T>= without a space: the scanner saw '>=' */
        Decl *d = decl(ctx, D_PARAM, @$);
        d->name = $2; d->name_loc = @2; d->value = $8;
        d->type = NEW(A, TypeExpr); d->type->name = $4; d->type->arg = $6;
        d->type->loc = (Loc){@4.src, @4.beg, @7.beg + 1};
        if ($9) { d->doc = $9->str; d->doc_loc = $9->loc; }
      }
    | SET name '=' expr {
        Decl *d = decl(ctx, D_SET, @$);
        d->name = $2; d->name_loc = @2; d->value = $4;
      }
    | EVIDENCE name FROM STRING '{' fields rbrace {
        Decl *d = decl(ctx, D_EVIDENCE, @$);
        d->name = $2; d->name_loc = @2; d->glob = $4.s; d->glob_loc = @4;
        d->fields = $6.head; d->rbrace = @7;
      }
    | EVIDENCE name FROM STRING AS name '{' fields rbrace {
        Decl *d = decl(ctx, D_EVIDENCE, @$);
        d->name = $2; d->name_loc = @2; d->glob = $4.s; d->glob_loc = @4;
        d->format = $6; d->format_loc = @6; d->fields = $8.head; d->rbrace = @9;
      }
    | DEFINE name '=' expr {
        Decl *d = decl(ctx, D_DEFINE, @$);
        d->name = $2; d->name_loc = @2; d->value = $4;
      }
    | REQUIREMENT ID STRING '{' stmts rbrace {
        Decl *d = decl(ctx, D_REQUIREMENT, @$);
        d->name = $2; d->name_loc = @2; d->title = $3.s; d->title_loc = @3;
        d->body = $5.head; d->rbrace = @6;
      }
    | RECOMMENDATION ID STRING '{' stmts rbrace {
        Decl *d = decl(ctx, D_RECOMMENDATION, @$);
        d->name = $2; d->name_loc = @2; d->title = $3.s; d->title_loc = @3;
        d->body = $5.head; d->rbrace = @6;
      }
    | PROFILE name opt_title '{' profile_items rbrace {
        Decl *d = decl(ctx, D_PROFILE, @$);
        d->name = $2; d->name_loc = @2; d->title = $3.s; d->title_loc = @3;
        d->items = $5.head; d->rbrace = @6;
      }
    | PROFILE name opt_title EXTENDS name '{' profile_items rbrace {
        Decl *d = decl(ctx, D_PROFILE, @$);
        d->name = $2; d->name_loc = @2; d->title = $3.s; d->title_loc = @3;
        d->extends = $5; d->extends_loc = @5; d->items = $7.head; d->rbrace = @8;
      }
    | TEST STRING '{' test_items rbrace {
        Decl *d = decl(ctx, D_TEST, @$);
        d->name = $2.s; d->name_loc = @2; d->items = $4.head; d->rbrace = @5;
      }
    ;

opt_doc_expr
    : %empty                { $$ = NULL; }
    | STRING                { $$ = mk(ctx, E_STR, @1); $$->str = $1.s; $$->len = $1.n; }
    ;

opt_title
    : %empty                { $$.s = NULL; $$.n = 0; }
    | STRING
    ;

opt_type
    : %empty                { $$ = NULL; }
    | ':' type              { $$ = $2; }
    ;

type
    : name                  { $$ = NEW(A, TypeExpr); $$->name = $1; $$->loc = @$; }
    | name '<' type '>'     { $$ = NEW(A, TypeExpr); $$->name = $1; $$->loc = @$; $$->arg = $3; }
    ;

header_items
    : %empty                { $$.head = $$.tail = NULL; }
    | header_items start header_item {
        $$ = $1;
        if ($$.tail) $$.tail->next = $3; else $$.head = $3;
        $$.tail = $3;
      }
    | header_items error { $$ = $1; if (ctx->diag->stopped) YYABORT; }
    ;

header_item
    : TITLE STRING          { $$ = item(ctx, I_TITLE, @$); $$->str = $2.s; $$->str_loc = @2; }
    | VERSION STRING        { $$ = item(ctx, I_VERSION, @$); $$->str = $2.s; $$->str_loc = @2; }
    | PUBLISHER STRING      { $$ = item(ctx, I_PUBLISHER, @$); $$->str = $2.s; $$->str_loc = @2; }
    | DESCRIPTION STRING    { $$ = item(ctx, I_DESCRIPTION, @$); $$->str = $2.s; $$->str_loc = @2; }
    ;

fields
    : %empty                { $$.head = $$.tail = NULL; }
    | fields start field {
        $$ = $1;
        if ($$.tail) $$.tail->next = $3; else $$.head = $3;
        $$.tail = $3;
      }
    | fields error { $$ = $1; if (ctx->diag->stopped) YYABORT; }
    ;

field
    : name ':' type AT STRING {
        $$ = NEW(A, Field); $$->loc = @$; $$->name = $1; $$->name_loc = @1;
        $$->type = $3; $$->xpath = $5.s; $$->xpath_loc = @5;
      }
    | name ':' type AT STRING OPTIONAL {
        $$ = NEW(A, Field); $$->loc = @$; $$->name = $1; $$->name_loc = @1;
        $$->type = $3; $$->xpath = $5.s; $$->xpath_loc = @5; $$->optional = true;
      }
    | RECORDS name AT STRING '{' fields rbrace {
        $$ = NEW(A, Field); $$->loc = @$; $$->name = $2; $$->name_loc = @2;
        $$->records = true; $$->xpath = $4.s; $$->xpath_loc = @4;
        $$->fields = $6.head; $$->rbrace = @7;
      }
    ;

stmts
    : %empty                { $$.head = $$.tail = NULL; }
    | stmts start stmt {
        $$ = $1;
        if ($$.tail) $$.tail->next = $3; else $$.head = $3;
        $$.tail = $3;
      }
    | stmts error { $$ = $1; if (ctx->diag->stopped) YYABORT; }
    ;

stmt
    : SEVERITY name         { $$ = stmt(ctx, S_SEVERITY, @$); $$->name = $2; $$->name_loc = @2; }
    | CITES STRING          { $$ = stmt(ctx, S_CITES, @$); $$->str = $2.s; $$->str_loc = @2; }
    | RATIONALE STRING      { $$ = stmt(ctx, S_RATIONALE, @$); $$->str = $2.s; $$->str_loc = @2; }
    | APPLIES WHEN expr     { $$ = stmt(ctx, S_APPLIES, @$); $$->expr = $3; }
    | WAIVABLE bool         { $$ = stmt(ctx, S_WAIVABLE, @$); $$->flag = $2 != 0; }
    | LET name '=' expr {
        $$ = stmt(ctx, S_LET, @$); $$->name = $2; $$->name_loc = @2; $$->expr = $4;
      }
    | REQUIRE expr opt_label opt_else {
        $$ = stmt(ctx, S_REQUIRE, @$); $$->expr = $2;
        $$->str = $3.s; $$->str_loc = @3; $$->msg = $4.s; $$->msg_loc = @4;
      }
    | FOR EACH name IN expr '{' stmts rbrace {
        $$ = stmt(ctx, S_FOREACH, @$); $$->name = $3; $$->name_loc = @3;
        $$->expr = $5; $$->body = $7.head; $$->rbrace = @8;
      }
    | FOR EACH name IN expr IDENT expr '{' stmts rbrace {
        /* "label" is a word of this place only (v1.1 §5), not a keyword */
        if (strcmp($6, "label") != 0)
            diag_error(ctx->diag, @6, "expected '{' or 'label' after the sequence of "
                       "'for each', not '%s'", $6);
        $$ = stmt(ctx, S_FOREACH, @$); $$->name = $3; $$->name_loc = @3;
        $$->expr = $5; $$->label = $7; $$->body = $9.head; $$->rbrace = @10;
      }
    ;

bool
    : TRUE                  { $$ = 1; }
    | FALSE                 { $$ = 0; }
    ;

opt_label
    : %empty                { $$.s = NULL; $$.n = 0; }
    | AS STRING             { $$ = $2; @$ = @2; }
    ;

opt_else
    : %empty                { $$.s = NULL; $$.n = 0; }
    | ELSE STRING           { $$ = $2; @$ = @2; }
    ;

profile_items
    : %empty                { $$.head = $$.tail = NULL; }
    | profile_items start profile_item {
        $$ = $1;
        if ($$.tail) $$.tail->next = $3; else $$.head = $3;
        $$.tail = $3;
      }
    | profile_items error { $$ = $1; if (ctx->diag->stopped) YYABORT; }
    ;

profile_item
    : SET name '=' expr     { $$ = item(ctx, I_SET, @$); $$->name = $2; $$->name_loc = @2; $$->expr = $4; }
    | INCLUDE ids           { $$ = item(ctx, I_INCLUDE, @$); $$->ids = $2.head; }
    | EXCLUDE ids           { $$ = item(ctx, I_EXCLUDE, @$); $$->ids = $2.head; }
    ;

ids
    : ID {
        Id *id = NEW(A, Id); id->id = $1; id->loc = @1;
        $$.head = $$.tail = id;
      }
    | ids ',' ID {
        Id *id = NEW(A, Id); id->id = $3; id->loc = @3;
        $$ = $1; $$.tail->next = id; $$.tail = id;
      }
    ;

test_items
    : %empty                { $$.head = $$.tail = NULL; }
    | test_items start test_item {
        $$ = $1;
        if ($$.tail) $$.tail->next = $3; else $$.head = $3;
        $$.tail = $3;
      }
    | test_items error { $$ = $1; if (ctx->diag->stopped) YYABORT; }
    ;

test_item
    : EVIDENCE STRING       { $$ = item(ctx, I_EVIDENCE, @$); $$->str = $2.s; $$->str_loc = @2; }
    | PROFILE name          { $$ = item(ctx, I_PROFILE, @$); $$->name = $2; $$->name_loc = @2; }
    | AS_OF DATE {
        $$ = item(ctx, I_AS_OF, @$);
        $$->expr = mk(ctx, E_DATE, @2); $$->expr->num = $2;
      }
    | WAIVERS STRING        { $$ = item(ctx, I_WAIVERS, @$); $$->str = $2.s; $$->str_loc = @2; }
    | EXPECT ID ID {
        $$ = item(ctx, I_EXPECT, @$); $$->name = $2; $$->name_loc = @2;
        $$->str = $3; $$->str_loc = @3;
      }
    ;

expr
    : primary
    | expr OR expr          { $$ = bin(ctx, E_OR, 0, $1, $3, @$); $$ = fin(ctx, $$); }
    | expr AND expr         { $$ = bin(ctx, E_AND, 0, $1, $3, @$); $$ = fin(ctx, $$); }
    | NOT expr              { $$ = mk(ctx, E_NOT, @$); $$->a = $2; $$ = fin(ctx, $$); }
    | expr cmp expr %prec EQ { $$ = bin(ctx, E_CMP, $2, $1, $3, @$); $$ = fin(ctx, $$); }
    | expr cmp expr WITH CONFIDENCE expr %prec EQ {
        $$ = bin(ctx, E_CMP, $2, $1, $3, @$); $$->c = $6;
        $$ = fin(ctx, $$); }
    | expr cmp expr WITH IDENT CONFIDENCE expr %prec EQ {
        /* "exact" is a word of this place only, not a keyword: a field
           may still be called exact */
        if (strcmp($5, "exact") != 0)
            diag_error(ctx->diag, @5, "expected 'confidence' or 'exact confidence' after "
                       "'with', not '%s'", $5);
        $$ = bin(ctx, E_CMP, $2, $1, $3, @$); $$->c = $7; $$->exact = true;
        $$ = fin(ctx, $$); }
    | expr IN expr          { $$ = bin(ctx, E_IN, 0, $1, $3, @$); $$ = fin(ctx, $$); }
    | expr '+' expr         { $$ = bin(ctx, E_ARITH, OP_ADD, $1, $3, @$); $$ = fin(ctx, $$); }
    | expr '-' expr         { $$ = bin(ctx, E_ARITH, OP_SUB, $1, $3, @$); $$ = fin(ctx, $$); }
    | expr '*' expr         { $$ = bin(ctx, E_ARITH, OP_MUL, $1, $3, @$); $$ = fin(ctx, $$); }
    | expr '/' expr         { $$ = bin(ctx, E_ARITH, OP_DIV, $1, $3, @$); $$ = fin(ctx, $$); }
    | '-' expr %prec UMINUS { $$ = mk(ctx, E_NEG, @$); $$->a = $2; $$ = fin(ctx, $$); }
    | expr WHERE expr       { $$ = bin(ctx, E_WHERE, 0, $1, $3, @$); $$ = fin(ctx, $$); }
    | IF expr THEN expr ELSE expr %prec IF {
        $$ = mk(ctx, E_IF, @$); $$->a = $2; $$->b = $4; $$->c = $6;
        $$ = fin(ctx, $$); }
    | quant name IN expr ':' expr %prec ALL {
        $$ = mk(ctx, E_QUANT, @$); $$->op = $1; $$->name = $2; $$->name_loc = @2;
        $$->a = $4; $$->b = $6;
        $$ = fin(ctx, $$); }
    ;

cmp
    : EQ { $$ = OP_EQ; } | NE { $$ = OP_NE; } | '<' { $$ = OP_LT; }
    | LE { $$ = OP_LE; } | '>' { $$ = OP_GT; } | GE { $$ = OP_GE; }
    ;

quant
    : ALL { $$ = Q_ALL; } | ANY { $$ = Q_ANY; } | NONE { $$ = Q_NONE; }
    ;

primary
    : literal
    | name                  { $$ = mk(ctx, E_NAME, @$); $$->name = $1; $$ = fin(ctx, $$); }
    | primary '.' name {
        $$ = mk(ctx, E_DOT, @$); $$->a = $1; $$->name = $3; $$->name_loc = @3;
        $$ = fin(ctx, $$); }
    | name '(' args ')'     { $$ = mk(ctx, E_CALL, @$); $$->name = $1; $$->a = $3.head; $$ = fin(ctx, $$); }
    | '(' expr ')'          { $$ = mk(ctx, E_PAREN, @$); $$->a = $2; $$ = fin(ctx, $$); }
    | '[' args ']'          { $$ = mk(ctx, E_LIST, @$); $$->a = $2.head; $$ = fin(ctx, $$); }
    ;

args
    : %empty                { $$.head = $$.tail = NULL; }
    | exprs
    | exprs ','
    ;

exprs
    : expr                  { $$.head = $$.tail = $1; }
    | exprs ',' expr        { $$ = $1; $$.tail->next = $3; $$.tail = $3; }
    ;

literal
    : NUMBER                { $$ = mk(ctx, E_NUM, @$); $$->num = $1; $$->is_int = integral($1); }
    | PERCENT               { $$ = mk(ctx, E_PCT, @$); $$->num = $1; }
    | DURATION              { $$ = mk(ctx, E_DUR, @$); $$->num = $1; }
    | DATE                  { $$ = mk(ctx, E_DATE, @$); $$->num = $1; }
    | DATETIME              { $$ = mk(ctx, E_DATETIME, @$); $$->num = $1; }
    | STRING                { $$ = mk(ctx, E_STR, @$); $$->str = $1.s; $$->len = $1.n; }
    | TRUE                  { $$ = mk(ctx, E_BOOL, @$); $$->num = 1; }
    | FALSE                 { $$ = mk(ctx, E_BOOL, @$); $$->num = 0; }
    | TODAY                 { $$ = mk(ctx, E_TODAY, @$); }
    ;

%%

/* The scanner proper, wrapped: a word that only begins a top-level
   declaration (`requirement`, `define`, ...) met while a block is open means
   a '}' is missing above. Reported here, the open blocks are closed by
   returning one '}' per open brace before the word, so that parsing resumes
   at the top level instead of reading every following line as part of the
   unclosed block. Parser errors on that line, which the missing brace
   explains, are not reported (one error per line). */
int yylex(YYSTYPE *lval, YYLTYPE *lloc, yyscan_t scanner, ParseCtx *ctx)
{
    if (ctx->close_braces > 0) {
        ctx->close_braces--;
        *lloc = ctx->replay_loc;
        lloc->end = lloc->beg;
        return '}';
    }
    if (ctx->replay) {
        int t = ctx->replay;
        ctx->replay = 0;
        *lloc = ctx->replay_loc;
        return t;
    }
    int t = accord_scan(lval, lloc, scanner, ctx);
    switch (t) {
    case STANDARD: case IMPORT: case PARAM: case DEFINE: case REQUIREMENT:
    case RECOMMENDATION: case TEST:
        if (ctx->nbraces > 0) {
            int bl, bc, line, col;
            source_locate(ctx->src, ctx->braces[ctx->nbraces - 1], &bl, &bc);
            source_locate(ctx->src, lloc->beg, &line, &col);
            if (line != ctx->last_error_line)
                diag_error(ctx->diag, *lloc, "'%.*s' begins a declaration, but the '{' at "
                           "line %d is not closed; is a '}' missing?",
                           (int)(lloc->end - lloc->beg), ctx->src->text + lloc->beg, bl);
            ctx->last_error_line = line;
            ctx->close_braces = ctx->nbraces - 1;
            ctx->nbraces = 0;
            ctx->replay = t;
            ctx->replay_loc = *lloc;
            lloc->end = lloc->beg;
            return '}';
        }
        break;
    default:
        break;
    }
    return t;
}

/* Whether t is the single-character token c (bison numbers those tokens
   by position, so they are recognised by name). */
static bool is_char(yysymbol_kind_t t, char c)
{
    const char *n = yysymbol_name(t);
    return n[0] == '\'' && n[1] == c && n[2] == '\'' && n[3] == '\0';
}

/* Tokens that make a name (see the rule `name`). */
static bool is_name(yysymbol_kind_t t)
{
    switch (t) {
    case YYSYMBOL_IDENT: case YYSYMBOL_TITLE:
    case YYSYMBOL_VERSION: case YYSYMBOL_PUBLISHER: case YYSYMBOL_DESCRIPTION:
    case YYSYMBOL_FROM: case YYSYMBOL_AS: case YYSYMBOL_AT: case YYSYMBOL_RECORDS:
    case YYSYMBOL_EXTENDS: case YYSYMBOL_WAIVERS: case YYSYMBOL_AS_OF:
    case YYSYMBOL_SEVERITY: case YYSYMBOL_CITES: case YYSYMBOL_RATIONALE:
    case YYSYMBOL_APPLIES: case YYSYMBOL_WHEN: case YYSYMBOL_WAIVABLE:
    case YYSYMBOL_EACH: case YYSYMBOL_CONFIDENCE:
        return true;
    default:
        return false;
    }
}

/* Tokens that can begin an expression. */
static bool starts_expression(yysymbol_kind_t t)
{
    if (is_name(t) || is_char(t, '(') || is_char(t, '[') || is_char(t, '-'))
        return true;
    switch (t) {
    case YYSYMBOL_NUMBER: case YYSYMBOL_PERCENT: case YYSYMBOL_DURATION:
    case YYSYMBOL_DATE: case YYSYMBOL_DATETIME: case YYSYMBOL_STRING:
    case YYSYMBOL_TRUE: case YYSYMBOL_FALSE: case YYSYMBOL_TODAY: case YYSYMBOL_NOT:
    case YYSYMBOL_IF: case YYSYMBOL_ALL: case YYSYMBOL_ANY: case YYSYMBOL_NONE:
        return true;
    default:
        return false;
    }
}

static int yyreport_syntax_error(const yypcontext_t *pctx, yyscan_t scanner,
                                 ParseCtx *ctx)
{
    (void)scanner;
    Loc at = *yypcontext_location(pctx);
    int line, col;
    source_locate(ctx->src, at.beg, &line, &col);
    if (line == ctx->last_error_line)
        return 0;           /* the rest of a line already reported */
    ctx->last_error_line = line;

    yysymbol_kind_t exp[YYNTOKENS];
    int n = yypcontext_expected_tokens(pctx, exp, YYNTOKENS);
    yysymbol_kind_t tok = yypcontext_token(pctx);

    char buf[512];
    size_t len = 0;
#define ADD(...) do { if (len < sizeof buf) len += (size_t)snprintf(buf + len, sizeof buf - len, __VA_ARGS__); } while (0)
    const char *text = ctx->src->text + at.beg;
    int tlen = (int)(at.end - at.beg);
    if (tlen > 40)
        tlen = 40;
    switch (tok) {
    case YYSYMBOL_YYEOF: ADD("unexpected end of file"); break;
    case YYSYMBOL_IDENT: ADD("unexpected identifier '%.*s'", tlen, text); break;
    case YYSYMBOL_ID: ADD("unexpected '%.*s'", tlen, text); break;
    case YYSYMBOL_STRING: ADD("unexpected string"); break;
    case YYSYMBOL_NUMBER: case YYSYMBOL_PERCENT: case YYSYMBOL_DURATION:
    case YYSYMBOL_DATE: case YYSYMBOL_DATETIME:
        ADD("unexpected %s '%.*s'", yysymbol_name(tok), tlen, text); break;
    default: ADD("unexpected %s", yysymbol_name(tok)); break;
    }
    /* Long lists of expected tokens read better as what they make up. */
    bool has[YYNTOKENS] = {false};
    for (int i = 0; i < n; i++)
        has[exp[i]] = true;
    const char *what = NULL;
    bool (*in_group)(yysymbol_kind_t) = NULL;
    if (has[YYSYMBOL_PARAM] && has[YYSYMBOL_REQUIREMENT])
        what = "a declaration";
    else if (has[YYSYMBOL_LET] && has[YYSYMBOL_REQUIRE])
        what = "a statement (let, require, for each, ...) or '}'";
    else if (has[YYSYMBOL_NUMBER] && has[YYSYMBOL_IDENT] && has[YYSYMBOL_TODAY]) {
        what = "an expression";
        in_group = starts_expression;
    } else if (has[YYSYMBOL_IDENT]) {
        what = "a name";
        in_group = is_name;
    } else if (n > 6 && (has[YYSYMBOL_EQ] || has[YYSYMBOL_AND])) {
        /* in the middle of an expression: name the closers, if any */
        const char *close = NULL;
        for (int i = 0; i < n; i++)
            if (is_char(exp[i], ')'))
                close = "an operator or ')'";
            else if (is_char(exp[i], ']'))
                close = close ? "an operator, ')' or ']'" : "an operator, ',' or ']'";
        what = close;
    }
    if (what) {
        /* name the few tokens that are not part of the group, if any */
        int extra = 0;
        yysymbol_kind_t more[4];
        if (in_group)
            for (int i = 0; i < n; i++)
                if (!in_group(exp[i]) && extra < 4)
                    more[extra++] = exp[i];
        ADD(", expected %s", what);
        if (extra > 0 && extra < 4)
            for (int i = 0; i < extra; i++)
                ADD("%s%s", i == extra - 1 ? " or " : ", ", yysymbol_name(more[i]));
    } else if (n > 0 && n <= 6) {
        ADD(", expected ");
        for (int i = 0; i < n; i++)
            ADD("%s%s", i == 0 ? "" : i == n - 1 ? " or " : ", ", yysymbol_name(exp[i]));
    }
    if (ctx->nbraces > 0 && tok == YYSYMBOL_YYEOF) {
        int bl, bc;
        source_locate(ctx->src, ctx->braces[ctx->nbraces - 1], &bl, &bc);
        ADD(" (is a '}' missing to close the '{' at line %d?)", bl);
    }
#undef ADD
    diag_error(ctx->diag, at, "%s", buf);
    return 0;
}
