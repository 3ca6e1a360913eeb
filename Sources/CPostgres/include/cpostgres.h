// CPostgres: libpq's client API (libpq-fe.h), loaded on first use.
//
// The genetix binary is every node and the console at once, but only the app and database nodes talk to
// PostgreSQL. Linking libpq would map it and its dependency chain (Kerberos, LDAP, GnuTLS, SASL, …: about 3.4 MiB
// of resident memory) into every process, the console included. Instead lazy_libpq.c defines the libpq functions
// this package calls; each one loads libpq.so.5 with dlopen the first time any is called and forwards to it.
// The declarations (types, signatures) are libpq's own header, so a signature mismatch cannot compile.
#ifndef CPOSTGRES_H
#define CPOSTGRES_H
#include <postgresql/libpq-fe.h>
#endif
