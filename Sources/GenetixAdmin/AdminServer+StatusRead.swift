import GenetixCore
import GenetixNet

extension AdminServer {
    /// The answer to `GET /admin/v1/status?wait=S` once the first status is read: at once (as without `wait`) unless
    /// `If-None-Match` names its tag; then the read is held, the status re-read once a second through the same path
    /// as any read (`currentStatus`, the tag's shared state), and answered `200` with the new status and tag as soon
    /// as the tag moves, or `304` with the tag when S has passed. A node shutting down answers held reads `503` at once.
    func heldStatusResponse(_ first: NodeStatus, to request: HTTPRequest, wait: Duration, withHost: Bool,
                            tagger: StatusTagger) async -> HTTPResponse {
        let held = tagger.tag(for: first)
        guard StatusTagger.ifNoneMatch(request.headers.values("If-None-Match"), matches: held) else {
            return StatusTagger.response(for: first, etag: held, notModified: false)
        }
        let clock = ContinuousClock()
        let deadline = clock.now + wait
        while clock.now < deadline {
            guard await statusHolds.pause(for: min(StatusHolds.rereadInterval, deadline - clock.now)) else { return Self.gone }
            let status = await currentStatus(withHost: withHost)
            let etag = tagger.tag(for: status)
            if etag != held { return StatusTagger.response(for: status, etag: etag, notModified: false) }
        }
        return StatusTagger.response(for: first, etag: held, notModified: true)
    }
}

/// What a status read asks beyond the status: `wait=S` (hold a matching read up to S seconds, more than 0 and at most
/// 30) and `host=0|1` (leave the host's figures out, or not: the default).
struct StatusReadOptions: Equatable {
    var wait: Duration?
    var withHost = true

    /// The options of `query`, or the problem with the first one that is wrong (a 400 naming its field).
    static func parse(_ query: [String: String]) -> Result<StatusReadOptions, CursorQuery.Problem> {
        var options = StatusReadOptions()
        if let text = query["wait"] {
            let longest = Double(StatusHolds.longestWait.components.seconds)
            guard let seconds = Double(text), seconds > 0, seconds <= longest else {
                return .failure(CursorQuery.Problem(message: "'wait' must be more than 0 and at most \(Int(longest)) seconds", field: "wait"))
            }
            options.wait = .milliseconds(Int64((seconds * 1000).rounded(.up)))
        }
        switch query["host"] {
        case nil, "1": options.withHost = true
        case "0": options.withHost = false
        default: return .failure(CursorQuery.Problem(message: "'host' must be 0 (leave the host's figures out) or 1", field: "host"))
        }
        return .success(options)
    }
}
