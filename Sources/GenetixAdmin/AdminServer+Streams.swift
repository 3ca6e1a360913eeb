import GenetixCore
import GenetixNet

extension AdminServer {
    /// `GET /admin/v1/logs?after=SEQ&limit=N&tail=T&level=L&wait=S`: entries after the cursor (with `tail`, only among
    /// the newest T, like `tail -n`); long-polls up to `wait` seconds (at most 30) when there are none yet.
    func logsResponse(_ request: HTTPRequest) async -> HTTPResponse {
        if case .failure(let denial) = authenticator.authorize(request, need: .viewer) { return denial.response }
        let query = request.query
        let cursor: CursorQuery
        switch CursorQuery.parse(query) {
        case .success(let c): cursor = c
        case .failure(let e): return .error(400, code: "bad_request", e.message, field: e.field)
        }
        var level: LogLevel?
        if let text = query["level"] {
            guard let parsed = LogLevel(parsing: text) else {
                return .error(400, code: "bad_request", "unknown level '\(text)' (use trace, debug, info, notice, warn, error, critical)",
                              field: "level")
            }
            level = parsed
        }
        let after = cursor.effectiveAfter(latest: logs.latestSeq)
        var page = logs.page(after: after, limit: cursor.limit, minLevel: level)
        if page.entries.isEmpty, let wait = cursor.wait {
            let deadline = ContinuousClock.now + wait
            while page.entries.isEmpty, ContinuousClock.now < deadline {
                let remaining = deadline - ContinuousClock.now
                guard await logs.wait(after: page.next == 0 ? after : max(after, page.next), timeout: remaining) else { break }
                page = logs.page(after: after, limit: cursor.limit, minLevel: level)
            }
        }
        return .json(page)
    }

    /// `GET /admin/v1/events?after=SEQ&limit=N&tail=T&wait=S`.
    func eventsResponse(_ request: HTTPRequest) async -> HTTPResponse {
        if case .failure(let denial) = authenticator.authorize(request, need: .viewer) { return denial.response }
        let cursor: CursorQuery
        switch CursorQuery.parse(request.query) {
        case .success(let c): cursor = c
        case .failure(let e): return .error(400, code: "bad_request", e.message, field: e.field)
        }
        let after = cursor.effectiveAfter(latest: events.latestSeq)
        var page = events.page(after: after, limit: cursor.limit)
        if page.events.isEmpty, let wait = cursor.wait, await events.wait(after: after, timeout: wait) {
            page = events.page(after: after, limit: cursor.limit)
        }
        return .json(page)
    }
}

/// The cursor parameters shared by logs and events, validated.
struct CursorQuery {
    var after: UInt64 = 0
    var limit: Int = 200
    /// Only the newest `tail` entries count (a client catching up on a busy node skips the backlog).
    var tail: UInt64?
    var wait: Duration?

    /// The cursor to page from: `after`, moved up to the start of the newest `tail` entries when that is later.
    func effectiveAfter(latest: UInt64) -> UInt64 {
        guard let tail else { return after }
        return max(after, latest > tail ? latest - tail : 0)
    }

    struct Problem: Error {
        let message: String
        let field: String
    }

    static func parse(_ query: [String: String]) -> Result<CursorQuery, Problem> {
        var c = CursorQuery()
        if let text = query["after"] {
            guard let v = UInt64(text) else { return .failure(Problem(message: "'after' must be a sequence number (0 or more)", field: "after")) }
            c.after = v
        }
        if let text = query["limit"] {
            guard let v = Int(text), (1...5000).contains(v) else { return .failure(Problem(message: "'limit' must be 1 to 5000", field: "limit")) }
            c.limit = v
        }
        if let text = query["tail"] {
            guard let v = UInt64(text), (1...5000).contains(v) else { return .failure(Problem(message: "'tail' must be 1 to 5000", field: "tail")) }
            c.tail = v
        }
        if let text = query["wait"] {
            guard let v = Double(text), v >= 0, v <= 60 else { return .failure(Problem(message: "'wait' must be 0 to 60 seconds", field: "wait")) }
            c.wait = v > 0 ? .milliseconds(Int64(v * 1000)) : nil
        }
        return .success(c)
    }
}
