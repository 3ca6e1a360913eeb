import Foundation
import GenetixCore

/// One line of the merged incident timeline: a node's event, an audited action, or an action taken in this console.
public struct TimelineEntry: Sendable, Equatable {
    public var time: Date
    /// The node it happened on.
    public var node: String
    /// `info`, `warn` or `crit`.
    public var severity: String
    /// Dotted type: `worker.crashed`, `action`, `console.action`…
    public var type: String
    public var message: String
    /// Who did it: a token name, `system`, or `console` for actions confirmed here.
    public var actor: String?
    public var target: String?

    public init(time: Date, node: String, severity: String, type: String, message: String, actor: String? = nil, target: String? = nil) {
        self.time = time
        self.node = node
        self.severity = severity
        self.type = type
        self.message = message
        self.actor = actor
        self.target = target
    }

    /// The timeline entry of a node's event.
    public init(event: NodeEvent, node: String) {
        self.init(time: event.time, node: event.node ?? node, severity: event.severity, type: event.type, message: event.message,
                  actor: event.actor, target: event.target)
    }
}
