#include <sqlite3.h>

/// No memory statistics: every SQLite allocation otherwise takes a global mutex to count
/// itself. Must run before the library initialises (the first connection); SQLITE_MISUSE after.
static inline int apx_sqlite3_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
