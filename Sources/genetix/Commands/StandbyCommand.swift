import GenetixCommandLine
import GenetixOperations

/// `genetix standby BALANCER on|off`.
enum StandbyCommand: Command {
    static let spec = CommandSpec(
        name: "standby",
        abstract: "Move a balancer pair's floating address on purpose: on puts BALANCER in standby (its /readyz answers 503, keepalived moves the address to a ready peer); off makes it ready again, as backup.",
        discussion: "The preflight shows each balancer of the pair: who holds the address, readiness, backends up. Standby on is refused when no peer is ready to take the address. The command waits (20 s at most) until a peer holds it and prints how long the move took.",
        arguments: [PositionalSpec("balancer", help: "A balancer of the pair, e.g. lb-1."),
                    OperationsCommandSupport.onOffArgument],
        options: OperationsCommandSupport.configOptions,
        flags: [OperationsCommandSupport.yesFlag, OperationsCommandSupport.jsonFlag])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        try await OperationsCommandSupport.runAction(.standby(balancer: try arguments.argument("balancer"), enabled: try OperationsCommandSupport.onOff(arguments)),
                                                     arguments)
    }
}
