import GenetixAdmin
import GenetixApp
import GenetixCommandLine
import GenetixCore
import GenetixNet
import GenetixPostgres

/// `genetix app`: the app node — migrates the schema, then supervises `genetix app-worker` processes and serves the
/// admin API (status, metrics, logs, events, actions scale / restart / autoscale).
enum AppCommand: Command {
    static let spec = CommandSpec(
        name: "app",
        abstract: "Run an app node: a supervisor of webapp workers that restarts, scales and autoscales them.",
        discussion: "Worker i listens on --listen-base + i − 1. Schema migrations run once before the workers start.",
        options: NodeCommandOptions.options(defaultName: "app-1", defaultAdminPort: 9201) + [
            OptionSpec("listen-base", valueName: "host:port", help: "Address of worker 1; worker i uses port + i − 1.", defaultValue: "127.0.0.1:8101"),
            OptionSpec("workers", valueName: "n", help: "Workers to start.", defaultValue: "2"),
            OptionSpec("db", valueName: "conninfo", help: "libpq conninfo (multi-host with target_session_attrs=read-write follows a promotion)."),
            OptionSpec("read-db", valueName: "conninfo", help: "Optional conninfo for reads (prefer-standby)."),
            OptionSpec("db-password-file", valueName: "file",
                       help: "File whose first line is the database password (keeps it off every command line; the workers get the path)."),
            OptionSpec("secrets", valueName: "file", help: "JSON {\"codeKey\", \"indexKey\"} (64 hex digits each); required."),
            OptionSpec("max-memory", valueName: "MiB", help: "Replace a worker whose resident memory passes this."),
            OptionSpec("drain-timeout", valueName: "duration", help: "How long a draining worker may wait for the balancers.", defaultValue: "10s"),
            OptionSpec("worker-threads", valueName: "n", help: "Event-loop threads per worker.", defaultValue: "1"),
        ] + NodeCommandOptions.stateOptions,
        flags: NodeCommandOptions.stateFlags + [NodeConfigCheck.flag])

    static func run(_ given: ParsedArguments) async throws -> Int32 {
        if try given.flag("check") { return NodeConfigCheck.run("app", given) { _ = try prepare($0) } }
        let (options, configuration, migrationConninfo) = try prepare(try NodeCommandOptions.withConfigFile(given))
        return try await serve(options: options, configuration: configuration, migrationConninfo: migrationConninfo)
    }

    /// Everything the node needs from its arguments, checked (files read, values in range); starts nothing.
    static func prepare(_ arguments: ParsedArguments) throws -> (NodeOptions, AppSupervisorConfiguration, String) {
        let options = try NodeCommandOptions.nodeOptions(arguments, kind: .app, persistsState: true)
        guard let database = try arguments.optionalString("db") else {
            throw NodeCommandError.missing("--db", "the webapp needs PostgreSQL, e.g. --db 'host=127.0.0.1 port=5432 dbname=genetix user=genetix target_session_attrs=read-write'")
        }
        guard let secretsPath = try arguments.optionalString("secrets") else {
            throw NodeCommandError.missing("--secrets", "a JSON file {\"codeKey\": \"<64 hex>\", \"indexKey\": \"<64 hex>\"}; generate the keys with `openssl rand -hex 32`")
        }
        do throws(AppSecretsError) { _ = try AppSecrets.load(path: secretsPath) } catch {
            throw NodeCommandError.invalid("--secrets", error.description)
        }
        let passwordFile = try arguments.optionalString("db-password-file")
        var migrationConninfo = database
        if let passwordFile {
            do throws(DatabasePasswordFileError) {
                migrationConninfo = DatabasePasswordFile.conninfo(database, password: try DatabasePasswordFile.read(path: passwordFile))
            } catch {
                throw NodeCommandError.invalid("--db-password-file", error.description)
            }
        }
        let base = try arguments.hostPort("listen-base")
        var configuration = AppSupervisorConfiguration(
            executable: AppSupervisorConfiguration.currentExecutable, listenHost: base.host, basePort: Int(base.port),
            workers: try arguments.int("workers", in: 0...64), database: database, readDatabase: try arguments.optionalString("read-db"),
            secretsPath: secretsPath)
        configuration.databasePasswordFile = passwordFile
        configuration.maxMemoryBytes = try arguments.optionalInt("max-memory", in: 16...1_048_576).map { Int64($0) << 20 }
        configuration.drainTimeout = Double(try arguments.duration("drain-timeout").nanoseconds) / 1e9
        configuration.workerThreads = try arguments.int("worker-threads", in: 1...256)
        return (options, configuration, migrationConninfo)
    }

    static func serve(options: NodeOptions, configuration given: AppSupervisorConfiguration, migrationConninfo: String) async throws -> Int32 {
        var configuration = given
        let runtime = try NodeRuntime(options: options)
        let logger = runtime.logger("app")
        let pool = PostgresPool(conninfo: migrationConninfo, size: 1, name: "migrate")
        do throws(PostgresError) {
            let applied = try await SchemaMigrator.migrate(pool)
            logger.info(applied.isEmpty ? "schema is current" : "applied schema migrations \(applied.map(String.init).joined(separator: ", "))")
        } catch {
            logger.critical("cannot migrate the schema: \(error)")
            pool.shutdown()
            runtime.finish()
            return 69
        }
        pool.shutdown()
        var savedAutoscaler: AutoscalerSettings?
        if let stateFile = runtime.stateFile {
            savedAutoscaler = AppSavedState.restore(stateFile, configuration: &configuration, logger: runtime.logger("state"), events: runtime.events)
        }
        let supervisor = AppSupervisor(configuration: configuration, logs: runtime.logs, events: runtime.events, metrics: runtime.metrics)
        if let savedAutoscaler { await supervisor.configureAutoscaler(savedAutoscaler, actor: "saved-state") }
        await supervisor.start()
        let admin = try runtime.serveAdmin(AppNode(supervisor: supervisor, stateFile: runtime.stateFile))
        runtime.notifyReady("admin API on \(admin.url); \(configuration.workers) worker(s) starting")
        _ = await runtime.waitForTermination()
        await supervisor.drainAll(timeout: configuration.drainTimeout)
        await admin.shutdown()
        await supervisor.stop()
        runtime.finish()
        return 0
    }
}
