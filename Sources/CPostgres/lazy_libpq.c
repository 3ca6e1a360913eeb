// Lazy binding of libpq: see include/cpostgres.h for why.
//
// Every forwarding function is hidden (not exported from the executable), so libpq's own internal calls keep
// binding to libpq's definitions. A function pointer is resolved once, published with an atomic store; a race
// between two first calls only resolves the same symbol twice.
#define _GNU_SOURCE
#include "cpostgres.h"
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *libpq_handle(char *message, unsigned long capacity) {
    static void *handle;
    void *h = __atomic_load_n(&handle, __ATOMIC_ACQUIRE);
    if (h) return h;
    h = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *why = dlerror();
        if (message && capacity) snprintf(message, capacity, "%s", why ? why : "unknown error");
        return NULL;
    }
    __atomic_store_n(&handle, h, __ATOMIC_RELEASE);
    return h;
}

// A missing libpq (or a libpq without a function we call) is an installation problem the process cannot work
// around: say so plainly and stop, as the dynamic loader would have done at start-up.
static void *libpq_symbol(const char *name) {
    char why[512] = "";
    void *h = libpq_handle(why, sizeof why);
    if (!h) {
        fprintf(stderr, "genetix: cannot load PostgreSQL's client library libpq.so.5 (%s); "
                        "install it (Debian: apt-get install libpq5)\n", why);
        abort();
    }
    void *fn = dlsym(h, name);
    if (!fn) {
        fprintf(stderr, "genetix: libpq.so.5 has no function %s; install a libpq of PostgreSQL 10 or later\n", name);
        abort();
    }
    return fn;
}

#define RESOLVE(name)                                                            \
    static __typeof__(&name) resolved;                                           \
    __typeof__(&name) fn = __atomic_load_n(&resolved, __ATOMIC_ACQUIRE);         \
    if (!fn) {                                                                   \
        fn = (__typeof__(&name))libpq_symbol(#name);                             \
        __atomic_store_n(&resolved, fn, __ATOMIC_RELEASE);                       \
    }

#pragma GCC visibility push(hidden)

PGconn *PQconnectdb(const char *conninfo) { RESOLVE(PQconnectdb) return fn(conninfo); }
void PQfinish(PGconn *conn) { RESOLVE(PQfinish) fn(conn); }
ConnStatusType PQstatus(const PGconn *conn) { RESOLVE(PQstatus) return fn(conn); }
char *PQerrorMessage(const PGconn *conn) { RESOLVE(PQerrorMessage) return fn(conn); }
int PQbackendPID(const PGconn *conn) { RESOLVE(PQbackendPID) return fn(conn); }
PQnoticeProcessor PQsetNoticeProcessor(PGconn *conn, PQnoticeProcessor proc, void *arg) {
    RESOLVE(PQsetNoticeProcessor) return fn(conn, proc, arg);
}
PGresult *PQexecParams(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                       const char *const *paramValues, const int *paramLengths, const int *paramFormats,
                       int resultFormat) {
    RESOLVE(PQexecParams) return fn(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat);
}
ExecStatusType PQresultStatus(const PGresult *res) { RESOLVE(PQresultStatus) return fn(res); }
char *PQresultErrorMessage(const PGresult *res) { RESOLVE(PQresultErrorMessage) return fn(res); }
char *PQresultErrorField(const PGresult *res, int fieldcode) { RESOLVE(PQresultErrorField) return fn(res, fieldcode); }
int PQntuples(const PGresult *res) { RESOLVE(PQntuples) return fn(res); }
int PQnfields(const PGresult *res) { RESOLVE(PQnfields) return fn(res); }
char *PQfname(const PGresult *res, int field_num) { RESOLVE(PQfname) return fn(res, field_num); }
char *PQgetvalue(const PGresult *res, int tup_num, int field_num) { RESOLVE(PQgetvalue) return fn(res, tup_num, field_num); }
int PQgetisnull(const PGresult *res, int tup_num, int field_num) { RESOLVE(PQgetisnull) return fn(res, tup_num, field_num); }
char *PQcmdTuples(PGresult *res) { RESOLVE(PQcmdTuples) return fn(res); }
void PQclear(PGresult *res) { RESOLVE(PQclear) fn(res); }
void PQfreemem(void *ptr) { RESOLVE(PQfreemem) fn(ptr); }
char *PQencryptPasswordConn(PGconn *conn, const char *passwd, const char *user, const char *algorithm) {
    RESOLVE(PQencryptPasswordConn) return fn(conn, passwd, user, algorithm);
}
PQconninfoOption *PQconninfoParse(const char *conninfo, char **errmsg) { RESOLVE(PQconninfoParse) return fn(conninfo, errmsg); }
void PQconninfoFree(PQconninfoOption *connOptions) { RESOLVE(PQconninfoFree) fn(connOptions); }

#pragma GCC visibility pop
