import Foundation
import GenetixAdmin
import GenetixBalancer
import GenetixCommandLine
import GenetixCore
import GenetixNet

/// `genetix balancer`: the load-balancer node — HTTP(S) reverse proxy, health checks, drain, retries, edge cache.
enum BalancerCommand: Command {
    static let spec = CommandSpec(
        name: "balancer",
        abstract: "Run a balancer node: an HTTP(S) load balancer with discovery, health checks, drain, safe retries and an edge cache.",
        discussion: """
        Request bodies are buffered whole (up to --max-body-mib) before a backend is chosen, like nginx's
        proxy_request_buffering: a slow client never holds a backend connection, and a request can be retried safely
        because the proxy knows exactly which bytes reached a backend. Responses are streamed.
        """,
        options: NodeCommandOptions.options(defaultName: "lb-1", defaultAdminPort: 9101) + [
            OptionSpec("listen", valueName: "host:port", help: "Where plain HTTP is served.", defaultValue: "127.0.0.1:8080"),
            OptionSpec("tls-listen", valueName: "host:port", help: "Also serve HTTPS here (needs --cert and --key)."),
            OptionSpec("cert", valueName: "pem", help: "Certificate chain for --tls-listen."),
            OptionSpec("key", valueName: "pem", help: "Private key for --tls-listen."),
            OptionSpec("backend", valueName: "host:port", help: "A static backend (repeatable).", isRepeatable: true, isCommaSeparated: true),
            OptionSpec("app-admin", valueName: "url", help: "An app node's admin URL to discover workers from (repeatable).",
                       isRepeatable: true, isCommaSeparated: true),
            OptionSpec("app-token-file", valueName: "file", help: "File holding the bearer token (viewer or operator) for the app nodes."),
            OptionSpec("app-ca", valueName: "pem", help: "CA certificate to verify https:// --app-admin URLs against (default: the system store)."),
            OptionSpec("policy", valueName: "name", help: "How backends are chosen.", defaultValue: "round-robin",
                       allowedValues: BalancingPolicy.allCases.map(\.rawValue)),
            OptionSpec("connect-timeout", valueName: "duration", help: "Upstream connect timeout.", defaultValue: "1s"),
            OptionSpec("response-timeout", valueName: "duration", help: "Upstream response timeout (504 after it).", defaultValue: "30s"),
            OptionSpec("max-backend-connections", valueName: "n", help: "Most connections to one backend.", defaultValue: "1024"),
            OptionSpec("max-connections", valueName: "n", help: "Most client connections per listener.", defaultValue: "10000"),
            OptionSpec("max-body-mib", valueName: "n", help: "Largest request body accepted (413 above).", defaultValue: "8"),
            OptionSpec("rate-limit", valueName: "n", help: "Requests per second per client address (0: no limit).", defaultValue: "0"),
            OptionSpec("login-rate-limit", valueName: "n", help: "Requests per second per client address to /api/login (0: no limit).",
                       defaultValue: "10"),
            OptionSpec("cache-mib", valueName: "n", help: "Edge-cache size (0 disables it).", defaultValue: "64"),
            OptionSpec("cache-prefix", valueName: "path", help: "Path prefixes whose GET responses may be cached (repeatable; default /static/). Requests with Cookie or Authorization get and store only responses marked public.",
                       isRepeatable: true, isCommaSeparated: true),
            OptionSpec("access-log", valueName: "mode", help: "Which requests the access log records.", defaultValue: "all",
                       allowedValues: AccessLogMode.allCases.map(\.rawValue)),
            OptionSpec("access-log-file", valueName: "path", help: "Also write the access log here as JSON lines (rotated at 10 MiB, 5 files)."),
            OptionSpec("internal-path", valueName: "path", help: "Paths refused with 404 on the public listeners: backends' internal endpoints (repeatable; default \(PublicEdgePolicy.defaultInternalPaths.joined(separator: ","))).",
                       isRepeatable: true, isCommaSeparated: true),
        ] + BalancerPairOptions.options + NodeCommandOptions.stateOptions,
        flags: [
            FlagSpec("redirect-https", help: "With --tls-listen: answer GET/HEAD on plain HTTP with 308 to HTTPS (default on; --no-redirect-https serves pages on plain HTTP).",
                     hasInversion: true, defaultValue: true),
            FlagSpec("refuse-plain-api", help: "With --tls-listen: refuse API calls (non-GET/HEAD, /api/…) on plain HTTP with 403 naming the HTTPS address (default on).",
                     hasInversion: true, defaultValue: true),
            FlagSpec("hsts", help: "With --tls-listen: send Strict-Transport-Security on HTTPS answers (default on).", hasInversion: true, defaultValue: true),
        ] + NodeCommandOptions.stateFlags + [NodeConfigCheck.flag])

    static func run(_ given: ParsedArguments) async throws -> Int32 {
        if try given.flag("check") {
            return NodeConfigCheck.run("balancer", given) { arguments in
                let options = try NodeCommandOptions.nodeOptions(arguments, kind: .balancer, persistsState: true)
                _ = try BalancerPairOptions.pair(arguments, config: try configuration(arguments, name: options.name))
            }
        }
        let arguments = try NodeCommandOptions.withConfigFile(given)
        let options = try NodeCommandOptions.nodeOptions(arguments, kind: .balancer, persistsState: true)
        let config = try configuration(arguments, name: options.name)
        let pair = try BalancerPairOptions.pair(arguments, config: config)
        let runtime = try NodeRuntime(options: options)
        let balancer: Balancer
        do {
            balancer = try Balancer(configuration: config, group: runtime.group, metrics: runtime.metrics, logs: runtime.logs,
                                    events: runtime.events)
        } catch {
            runtime.logger("balancer").critical("\(error)")
            runtime.finish()
            throw error
        }
        if let stateFile = runtime.stateFile { BalancerSavedState.attach(stateFile, to: balancer.backends) }
        BalancerReload.install(runtime, balancer: balancer, given: given, started: arguments)
        if let cert = config.tlsListen?.tls?.configuration.certificateChainPath {
            runtime.exportCertificateExpiry(listener: "https", certificateChainPath: cert)
        }
        let admin = try runtime.serveAdmin(BalancerNode(balancer: balancer, pair: pair))
        // Not ready until the peer's drains and weights are copied (keepalived gives the address only to a ready one).
        let adoption = pair.map { pair in Task { await pair.adoptPeerState(into: balancer.backends, logger: runtime.logger("pair")) } }
        runtime.notifyReady("serving \(balancer.listeners.joined(separator: ", ")); admin API on \(admin.url)")
        _ = await runtime.waitForTermination()
        adoption?.cancel()
        await balancer.shutdown(grace: .seconds(5))
        await admin.shutdown()
        runtime.finish()
        return 0
    }

    /// The balancer's configuration from the command line.
    static func configuration(_ arguments: ParsedArguments, name: String) throws -> BalancerConfiguration {
        let listen = try arguments.hostPort("listen")
        var config = BalancerConfiguration(name: name, listen: SocketAddress(host: listen.host, port: Int(listen.port)))
        let maxBody = try arguments.int("max-body-mib", in: 1...4096)
        guard maxBody > 0 else { throw NodeCommandError.invalid("--max-body-mib", "must be at least 1") }
        config.listen.limits.maxBodyBytes = maxBody << 20
        config.listen.maxConnections = try arguments.int("max-connections", in: 1...1_000_000)
        if arguments.isGiven("tls-listen") {
            let tlsAddress = try arguments.hostPort("tls-listen")
            guard let cert = try arguments.optionalString("cert"), let key = try arguments.optionalString("key") else {
                throw NodeCommandError.missing("--cert and --key", "--tls-listen needs a certificate chain and its private key (PEM files)")
            }
            let context = try TLSContext.server(.server(certificateChainPath: cert, privateKeyPath: key))
            var tls = config.listen
            tls.address = SocketAddress(host: tlsAddress.host, port: Int(tlsAddress.port))
            tls.tls = context
            config.tlsListen = tls
        }
        config.redirectToHTTPS = try arguments.flag("redirect-https")
        config.refusePlainAPI = try arguments.flag("refuse-plain-api")
        config.hsts = try arguments.flag("hsts")
        for name in ["redirect-https", "refuse-plain-api", "hsts"] where config.tlsListen == nil && arguments.isGiven(name) {
            if try arguments.flag(name) {
                throw NodeCommandError.invalid("--\(name)", "needs --tls-listen (plain HTTP is the only listener without it)")
            }
        }
        for text in try arguments.strings("backend") {
            do { config.backends.append(try SocketAddress(parsing: text)) } catch {
                throw NodeCommandError.invalid("--backend", error.description)
            }
        }
        for text in try arguments.strings("app-admin") {
            do { config.appAdminURLs.append(try HTTPURL(parsing: text)) } catch {
                throw NodeCommandError.invalid("--app-admin", "\(error.description) (write the admin URL, e.g. http://127.0.0.1:9201)")
            }
        }
        if let tokenFile = try arguments.optionalString("app-token-file") {
            guard let data = FileManager.default.contents(atPath: tokenFile) else {
                throw NodeCommandError.invalid("--app-token-file", "cannot read \(tokenFile): check that it exists and is readable")
            }
            let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { throw NodeCommandError.invalid("--app-token-file", "\(tokenFile) is empty: put the token's secret in it") }
            config.appToken = token
        }
        if let caFile = try arguments.optionalString("app-ca") {
            do { config.appTLS = try TLSContext.client(.client(trustedCAFilePath: caFile)) } catch {
                throw NodeCommandError.invalid("--app-ca", "cannot use \(caFile) as the app nodes' CA: \(error)")
            }
        }
        if config.backends.isEmpty, config.appAdminURLs.isEmpty {
            throw NodeCommandError.missing("--backend or --app-admin", "the balancer needs backends: static ones, or app nodes to discover workers from")
        }
        config.policy = BalancingPolicy(parsing: try arguments.string("policy")) ?? .roundRobin
        config.upstream.connectTimeout = try arguments.duration("connect-timeout")
        config.upstream.responseTimeout = try arguments.duration("response-timeout")
        config.upstream.maxConnectionsPerBackend = try arguments.int("max-backend-connections", in: 1...100_000)
        config.rateLimit = RateLimit(perSecond: Double(try arguments.int("rate-limit", in: 0...1_000_000)))
        config.loginRateLimit = RateLimit(perSecond: Double(try arguments.int("login-rate-limit", in: 0...1_000_000)))
        config.cacheBytes = try arguments.int("cache-mib", in: 0...65_536) << 20
        let prefixes = try arguments.strings("cache-prefix")
        if !prefixes.isEmpty { config.cachePrefixes = prefixes }
        config.accessLog = AccessLogMode(rawValue: try arguments.string("access-log")) ?? .all
        config.accessLogFile = try arguments.optionalString("access-log-file")
        let internalPaths = try arguments.strings("internal-path")
        if !internalPaths.isEmpty { config.internalPaths = internalPaths }
        return config
    }
}
