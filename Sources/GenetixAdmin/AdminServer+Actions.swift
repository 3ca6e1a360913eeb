import GenetixCore
import GenetixCrypto
import GenetixNet

extension AdminServer {
    /// `POST /admin/v1/actions/NAME`: operator only; the body is JSON; every attempt is audited to the log, and every
    /// authorised one also as an event with its actor and outcome.
    func actionResponse(_ request: HTTPRequest) async -> HTTPResponse {
        let name = request.pathParameters["name"] ?? ""
        let requestId = request.headers["X-Request-Id"] ?? SecureRandom.token(bytes: 12)
        let token: AdminToken
        switch authenticator.authorize(request, need: .operator) {
        case .success(let t): token = t
        case .failure(let denial):
            audit.warn("action \(name) refused: \(denial.message)", fields: [
                "action": name, "actor": denial.actor ?? "anonymous", "outcome": "denied", "status": String(denial.status),
                "client": request.remote?.host ?? "?", "requestId": requestId,
            ])
            return denial.response
        }
        guard let action = node.actions.first(where: { $0.name == name }) else {
            let known = node.actions.map(\.name).joined(separator: ", ")
            return .error(404, code: "not_found", "no action '\(name)' on a \(configuration.kind.rawValue) node (actions: \(known))")
        }
        let watch = Stopwatch()
        let target = Self.target(of: request.body)
        let outcome: Result<JSONValue, ActionError>
        do {
            let body = try JSONValue.parse(request.body)
            outcome = .success(try await action.run(ActionContext(body: body, actor: token.name, requestId: requestId)))
        } catch {
            outcome = .failure(error)
        }
        let ms = String(format: "%.1f", watch.elapsedSeconds * 1000)
        var fields = ["action": name, "actor": token.name, "durationMs": ms, "requestId": requestId]
        if let target { fields["target"] = target }
        switch outcome {
        case .success(let result):
            fields["outcome"] = "ok"
            audit.notice("action \(name) by \(token.name): ok", fields: fields)
            events.emit(type: "action", severity: .info, message: "\(token.name) ran \(name)\(target.map { " on \($0)" } ?? ""): ok",
                        actor: token.name, target: target ?? configuration.name, fields: fields)
            var response = HTTPResponse.json(result)
            response.headers.add("X-Request-Id", requestId)
            return response
        case .failure(let error):
            fields["outcome"] = error.code
            fields["reason"] = error.description
            audit.warn("action \(name) by \(token.name): \(error.code): \(error.description)", fields: fields)
            if error.status != 400 {
                events.emit(type: "action", severity: error.status == 409 ? .info : .warn,
                            message: "\(token.name) ran \(name)\(target.map { " on \($0)" } ?? ""): \(error.code): \(error.description)",
                            actor: token.name, target: target ?? configuration.name, fields: fields)
            }
            var response = HTTPResponse.json(error.body, status: error.status)
            response.headers.add("X-Request-Id", requestId)
            return response
        }
    }

    /// What an action body names as its target, for the audit trail (`worker`, `backend`, `primary`, `prefix`…).
    static func target(of body: [UInt8]) -> String? {
        guard let value = try? JSONValue.parse(body), case .object(let o) = value else { return nil }
        for key in ["worker", "backend", "primary", "prefix", "node"] {
            if let v = o[key] {
                if case .string(let s) = v { return s }
                if let i = v.intValue { return "\(key) \(i)" }
            }
        }
        return nil
    }
}
