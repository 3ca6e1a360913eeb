#ifndef COPENSSL_SHIM_H
#define COPENSSL_SHIM_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/hmac.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/ec.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
static inline long shim_ssl_ctx_set_min_proto(SSL_CTX *ctx, int v) { return SSL_CTX_set_min_proto_version(ctx, v); }
static inline long shim_ssl_ctx_set_max_proto(SSL_CTX *ctx, int v) { return SSL_CTX_set_max_proto_version(ctx, v); }
static inline long shim_ssl_set_tlsext_host_name(SSL *s, const char *name) { return SSL_set_tlsext_host_name(s, name); }
static inline long shim_ssl_ctx_set_options(SSL_CTX *ctx, unsigned long op) { return SSL_CTX_set_options(ctx, op); }
static inline int shim_tls1_2_version(void) { return TLS1_2_VERSION; }
static inline int shim_tls1_3_version(void) { return TLS1_3_VERSION; }
static inline long shim_ssl_ctx_set_mode(SSL_CTX *ctx, long mode) { return SSL_CTX_set_mode(ctx, mode); }
static inline uint64_t shim_ssl_op_no_renegotiation(void) { return SSL_OP_NO_RENEGOTIATION; }
static inline uint64_t shim_ssl_op_no_compression(void) { return SSL_OP_NO_COMPRESSION; }
static inline uint64_t shim_ssl_op_cipher_server_preference(void) { return SSL_OP_CIPHER_SERVER_PREFERENCE; }
static inline uint64_t shim_ssl_op_ignore_unexpected_eof(void) { return SSL_OP_IGNORE_UNEXPECTED_EOF; }
/* Server sessions are resumed from stateless tickets only: OpenSSL's internal session cache (an insert per full
   handshake, a locked lookup, a periodic flush) is neither filled nor searched, as HAProxy and nginx configure it. */
static inline long shim_ssl_ctx_use_tickets_only(SSL_CTX *ctx) {
    return SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_SERVER | SSL_SESS_CACHE_NO_INTERNAL | SSL_SESS_CACHE_NO_AUTO_CLEAR);
}
static inline long shim_ssl_ctx_sessions_stored(SSL_CTX *ctx) { return SSL_CTX_sess_number(ctx); }
static inline int shim_tls1_1_version(void) { return TLS1_1_VERSION; }
static inline int shim_evp_ctrl_gcm_set_ivlen(void) { return EVP_CTRL_GCM_SET_IVLEN; }
static inline int shim_evp_ctrl_gcm_get_tag(void) { return EVP_CTRL_GCM_GET_TAG; }
static inline int shim_evp_ctrl_gcm_set_tag(void) { return EVP_CTRL_GCM_SET_TAG; }
static inline int shim_mbstring_utf8(void) { return MBSTRING_UTF8; }
#endif
