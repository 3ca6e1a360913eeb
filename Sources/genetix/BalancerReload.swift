import Foundation
import GenetixAdmin
import GenetixBalancer
import GenetixCommandLine
import GenetixCore
import GenetixNet

/// What SIGHUP changes on a running balancer: `--config` and the flags are read again; the static backends
/// (`backend`) are applied live, and every other option whose value changed is reported as needing a restart
/// (event `reload.partial`). The admin tokens file is reloaded by `NodeRuntime` itself.
enum BalancerReload {
    static func install(_ runtime: NodeRuntime, balancer: Balancer, given: ParsedArguments, started: ParsedArguments) {
        let logger = runtime.logger("reload"), events = runtime.events
        runtime.onReload {
            let file = (try? given.optionalString("config")) ?? nil
            let current: ParsedArguments
            do { current = try NodeCommandOptions.withConfigFile(given) } catch {
                logger.error("SIGHUP: kept the running configuration: \(error)")
                events.emit(type: "reload.failed", severity: .warn, message: "configuration not reloaded: \(error)", fields: ["path": file ?? ""])
                return
            }
            var addresses: [SocketAddress] = []
            for text in current.optionValues["backend"] ?? [] {
                guard let address = try? SocketAddress(parsing: text) else {
                    logger.error("SIGHUP: backend \(text) in \(file ?? "the flags") is not HOST:PORT; kept the running backends")
                    events.emit(type: "reload.failed", severity: .warn, message: "backend \(text) is not HOST:PORT; backends not reloaded",
                                fields: ["path": file ?? ""])
                    return
                }
                addresses.append(address)
            }
            let (added, removed) = balancer.backends.replaceStatic(addresses)
            let ignored: Set<String> = ["backend", "admin-tokens", "config"]
            let keys = Set(started.optionValues.keys).union(current.optionValues.keys).union(started.flagValues.keys).union(current.flagValues.keys)
            let unapplied = keys.subtracting(ignored).filter {
                started.optionValues[$0] != current.optionValues[$0] || started.flagValues[$0] != current.flagValues[$0]
            }.sorted()
            var message = "configuration reloaded: backends +\(added.count) −\(removed.count)"
            if !added.isEmpty { message += " (added \(added.joined(separator: ", ")))" }
            if !removed.isEmpty { message += " (removed \(removed.joined(separator: ", ")))" }
            if unapplied.isEmpty {
                logger.notice("SIGHUP: \(message)")
                events.emit(type: "reload.applied", message: message, fields: ["added": added.joined(separator: ","), "removed": removed.joined(separator: ",")])
            } else {
                let names = unapplied.map { "--\($0)" }.joined(separator: ", ")
                logger.warn("SIGHUP: \(message); not applied until a restart: \(names)")
                events.emit(type: "reload.partial", severity: .warn, message: "\(message); changed but not applied until a restart: \(names)",
                            fields: ["unapplied": unapplied.joined(separator: ","), "added": added.joined(separator: ","),
                                     "removed": removed.joined(separator: ",")])
            }
        }
    }
}
