import Testing

/// Every suite of this target, run one test at a time (suites nest here). The slow-client tests hold 1000+ sockets that
/// open and close while other tests spawn `genetix` and `openssl` through Foundation's `Process`, whose `run()` walks
/// the open file descriptors: it crashed (SIGSEGV in `Process.run`) once in a fresh-clone run when they changed under
/// it. Serial, the target takes about as long (~45 s).
@Suite(.serialized) enum SecurityTests {}
