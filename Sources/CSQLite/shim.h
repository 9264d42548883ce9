#include <sqlite3.h>

/// No memory statistics: every SQLite allocation otherwise takes a global mutex to count
/// itself. Must run before the library initialises (the first connection); SQLITE_MISUSE after.
static inline int apx_sqlite3_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

#include <string.h>

/// `apx_feed(?)`: a table-valued function over rows held by the caller, so one set statement
/// (`INSERT INTO t (a, b) SELECT c0, c1 FROM apx_feed(?)`) writes a batch of rows without a
/// statement execution per row. The parameter is bound with `apx_sqlite3_bind_feed`
/// (SQLite's pointer-passing interface: SQL text cannot forge it). The cells must stay
/// valid and unchanged until the statement is reset; text and blobs are read in place.
typedef struct apx_feed_cell {
    int type;               /* SQLITE_NULL, SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB */
    int length;             /* bytes of text or blob */
    sqlite3_int64 integer;
    double real;
    const void *bytes;
} apx_feed_cell;

typedef struct apx_feed {
    const apx_feed_cell *cells;   /* row-major, `columns` per row */
    int columns;                  /* 1 ... APX_FEED_COLUMNS */
    sqlite3_int64 rows;
} apx_feed;

#define APX_FEED_COLUMNS 24
static const char apx_feed_pointer_type[] = "apx_feed";

typedef struct apx_feed_cursor {
    sqlite3_vtab_cursor base;
    const apx_feed *feed;
    sqlite3_int64 row;
} apx_feed_cursor;

static int apx_feed_connect(sqlite3 *db, void *aux, int argc, const char *const *argv, sqlite3_vtab **out, char **err) {
    (void)aux; (void)argc; (void)argv; (void)err;
    int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14,"
                                      " c15, c16, c17, c18, c19, c20, c21, c22, c23, feed HIDDEN)");
    if (rc != SQLITE_OK) return rc;
    sqlite3_vtab *table = (sqlite3_vtab *)sqlite3_malloc(sizeof(sqlite3_vtab));
    if (!table) return SQLITE_NOMEM;
    memset(table, 0, sizeof(sqlite3_vtab));
    sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY);
    *out = table;
    return SQLITE_OK;
}

static int apx_feed_disconnect(sqlite3_vtab *table) { sqlite3_free(table); return SQLITE_OK; }

/// Only a plan with `feed = ?` is usable (a bare `FROM apx_feed` has no rows to give).
static int apx_feed_best_index(sqlite3_vtab *table, sqlite3_index_info *info) {
    (void)table;
    for (int i = 0; i < info->nConstraint; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];
        if (c->iColumn == APX_FEED_COLUMNS && c->op == SQLITE_INDEX_CONSTRAINT_EQ) {
            if (!c->usable) return SQLITE_CONSTRAINT;
            info->aConstraintUsage[i].argvIndex = 1;
            info->aConstraintUsage[i].omit = 1;
            info->idxNum = 1;
            info->estimatedCost = 1000;
            info->estimatedRows = 1000;
            return SQLITE_OK;
        }
    }
    return SQLITE_CONSTRAINT;
}

static int apx_feed_open(sqlite3_vtab *table, sqlite3_vtab_cursor **out) {
    (void)table;
    apx_feed_cursor *cursor = (apx_feed_cursor *)sqlite3_malloc(sizeof(apx_feed_cursor));
    if (!cursor) return SQLITE_NOMEM;
    memset(cursor, 0, sizeof(apx_feed_cursor));
    *out = &cursor->base;
    return SQLITE_OK;
}

static int apx_feed_close(sqlite3_vtab_cursor *cursor) { sqlite3_free(cursor); return SQLITE_OK; }

static int apx_feed_filter(sqlite3_vtab_cursor *base, int idxNum, const char *idxStr, int argc, sqlite3_value **argv) {
    (void)idxStr;
    apx_feed_cursor *cursor = (apx_feed_cursor *)base;
    cursor->feed = (idxNum == 1 && argc == 1) ? (const apx_feed *)sqlite3_value_pointer(argv[0], apx_feed_pointer_type) : 0;
    cursor->row = 0;
    return SQLITE_OK;
}

static int apx_feed_next(sqlite3_vtab_cursor *base) { ((apx_feed_cursor *)base)->row++; return SQLITE_OK; }

static int apx_feed_eof(sqlite3_vtab_cursor *base) {
    apx_feed_cursor *cursor = (apx_feed_cursor *)base;
    return cursor->feed == 0 || cursor->row >= cursor->feed->rows;
}

static int apx_feed_column(sqlite3_vtab_cursor *base, sqlite3_context *context, int column) {
    apx_feed_cursor *cursor = (apx_feed_cursor *)base;
    const apx_feed *feed = cursor->feed;
    if (!feed || column >= feed->columns) { sqlite3_result_null(context); return SQLITE_OK; }
    const apx_feed_cell *cell = &feed->cells[cursor->row * feed->columns + column];
    switch (cell->type) {
    case SQLITE_INTEGER: sqlite3_result_int64(context, cell->integer); break;
    case SQLITE_FLOAT: sqlite3_result_double(context, cell->real); break;
    case SQLITE_TEXT: sqlite3_result_text(context, cell->length ? (const char *)cell->bytes : "", cell->length, SQLITE_STATIC); break;
    case SQLITE_BLOB: sqlite3_result_blob(context, cell->length ? cell->bytes : "", cell->length, SQLITE_STATIC); break;
    default: sqlite3_result_null(context);
    }
    return SQLITE_OK;
}

static int apx_feed_rowid(sqlite3_vtab_cursor *base, sqlite3_int64 *rowid) {
    *rowid = ((apx_feed_cursor *)base)->row + 1;
    return SQLITE_OK;
}

static const sqlite3_module apx_feed_module = {
    .iVersion = 0,
    .xCreate = 0,               /* eponymous only: no CREATE VIRTUAL TABLE */
    .xConnect = apx_feed_connect,
    .xBestIndex = apx_feed_best_index,
    .xDisconnect = apx_feed_disconnect,
    .xDestroy = apx_feed_disconnect,
    .xOpen = apx_feed_open,
    .xClose = apx_feed_close,
    .xFilter = apx_feed_filter,
    .xNext = apx_feed_next,
    .xEof = apx_feed_eof,
    .xColumn = apx_feed_column,
    .xRowid = apx_feed_rowid,
};

static inline int apx_sqlite3_register_feed(sqlite3 *db) {
    return sqlite3_create_module_v2(db, "apx_feed", &apx_feed_module, 0, 0);
}

static inline int apx_sqlite3_bind_feed(sqlite3_stmt *statement, int index, const apx_feed *feed) {
    return sqlite3_bind_pointer(statement, index, (void *)feed, apx_feed_pointer_type, 0);
}
