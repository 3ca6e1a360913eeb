import Foundation
import GenetixAdmin
import GenetixCommandLine
import GenetixOperations

/// `genetix keepalived-config --balancer NAME --address IP/PREFIX [...] [--out FILE]`: one balancer's keepalived.conf.
enum KeepalivedConfigCommand: Command {
    static let spec = CommandSpec(
        name: "keepalived-config",
        abstract: "Print (or write atomically) the keepalived configuration of one balancer of a pair behind a floating address (docs/deploy.md).",
        discussion: "Generated from the cluster configuration: the check script asks the balancer's own /readyz (with its caFile), the peers are the other balancers, priorities follow the file's order. Every balancer starts as BACKUP with nopreempt: a balancer that comes back does not take the address back.",
        options: [OperationsCommandSupport.configOptions[0],
                  OptionSpec("balancer", valueName: "name", help: "The configured balancer this file is for, e.g. lb-1."),
                  OptionSpec("address", valueName: "ip/prefix", help: "The floating address with its prefix length, e.g. 10.0.0.50/24."),
                  OptionSpec("interface", valueName: "name", help: "The interface the address goes on.", defaultValue: "eth0"),
                  OptionSpec("router-id", valueName: "n", help: "VRRP router id (1-255), the same on every balancer of the pair.", defaultValue: "51"),
                  OptionSpec("advert-interval", valueName: "seconds", help: "Seconds between VRRP adverts (below 1 uses VRRP version 3).", defaultValue: "1"),
                  OptionSpec("check-interval", valueName: "seconds", help: "Seconds between two /readyz checks.", defaultValue: "1"),
                  OptionSpec("fall", valueName: "n", help: "Failed checks in a row that give the address up.", defaultValue: "2"),
                  OptionSpec("rise", valueName: "n", help: "Good checks in a row that make the balancer a candidate again.", defaultValue: "2"),
                  OptionSpec("script-user", valueName: "user", help: "The account keepalived runs the check as.", defaultValue: "nobody"),
                  OptionSpec("out", valueName: "file", help: "Write here (atomically, mode 0644) instead of standard output, e.g. /etc/keepalived/keepalived.conf.")],
        flags: [FlagSpec("preempt", help: "Let a higher-priority balancer take the address back when it returns (default: nopreempt).")])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let config = try OperationsCommandSupport.config(arguments)
        guard let balancer = try arguments.optionalString("balancer"), let address = try arguments.optionalString("address") else {
            throw OperationError.invalidArgument("keepalived-config needs --balancer NAME and --address IP/PREFIX (e.g. --balancer lb-1 --address 10.0.0.50/24)")
        }
        var keepalived = KeepalivedConfig(balancer: balancer, address: address)
        keepalived.interface = try arguments.string("interface")
        keepalived.routerId = try arguments.int("router-id", in: 1...255)
        keepalived.advertInterval = try arguments.double("advert-interval", in: 0.01...255)
        keepalived.checkInterval = try arguments.double("check-interval", in: 0.1...60)
        keepalived.fall = try arguments.int("fall", in: 1...100)
        keepalived.rise = try arguments.int("rise", in: 1...100)
        keepalived.scriptUser = try arguments.string("script-user")
        keepalived.preempt = try arguments.flag("preempt")
        return try OperationsCommandSupport.emit(try keepalived.render(config), arguments,
                                                 what: "the keepalived configuration of \(balancer) (\(address))")
    }
}
