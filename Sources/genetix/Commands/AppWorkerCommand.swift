import GenetixApp
import GenetixCommandLine
import GenetixNet

/// `genetix app-worker`: one webapp worker process (normally started by `genetix app`).
enum AppWorkerCommand: Command {
    static let spec = CommandSpec(
        name: "app-worker",
        abstract: "Serve the Genetix webapp (one worker process; `genetix app` starts and supervises these).",
        discussion: "Expects the schema to be migrated (`genetix app` does it). Exits 0 after SIGTERM once in-flight requests finished; 78 when the secrets file is unusable.",
        options: [
            OptionSpec("id", valueName: "n", help: "The worker's number, used in its log source.", defaultValue: "1"),
            OptionSpec("listen", valueName: "host:port", help: "Where to serve HTTP (port 0: any free port, announced in the log).",
                       defaultValue: "127.0.0.1:8101"),
            OptionSpec("db", valueName: "conninfo", help: "libpq conninfo for writes, e.g. host=a,b port=5432,5433 dbname=genetix target_session_attrs=read-write.",
                       isRequired: true),
            OptionSpec("read-db", valueName: "conninfo", help: "Optional conninfo for reads (e.g. target_session_attrs=prefer-standby)."),
            OptionSpec("db-password-file", valueName: "file", help: "File whose first line is the database password, added to --db and --read-db."),
            OptionSpec("secrets", valueName: "file", help: "JSON {\"codeKey\": \"<64 hex>\", \"indexKey\": \"<64 hex>\"}; the worker refuses to start without it.",
                       isRequired: true),
            OptionSpec("threads", valueName: "n", help: "Event-loop threads.", defaultValue: "1"),
        ])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let listen = try arguments.hostPort("listen")
        var configuration = AppWorkerConfiguration(
            id: try arguments.int("id", in: 1...1_000_000_000), listen: SocketAddress(host: listen.host, port: Int(listen.port)),
            database: try arguments.string("db"), readDatabase: try arguments.optionalString("read-db"),
            secretsPath: try arguments.string("secrets"))
        configuration.databasePasswordFile = try arguments.optionalString("db-password-file")
        configuration.threads = try arguments.int("threads", in: 1...256)
        return await AppWorker.run(configuration)
    }
}
