import Foundation
import GenetixAdmin
import GenetixOperations

/// The `-v` line of one admin request: `GET http://127.0.0.1:9201/admin/v1/status (app-1): 200 in 3.2 ms`.
enum VerboseTrace {
    static func line(_ exchange: AdminExchange) -> String {
        let answer = exchange.status.map { "\($0)" } ?? "no answer (\(exchange.failure ?? "unknown reason"))"
        let ms = DurationFormat.milliseconds(exchange.elapsed)
        return "\(exchange.method) \(exchange.url) (\(exchange.node)): \(answer) in \(String(format: "%.1f", ms)) ms"
    }
}
