import Foundation
import GenetixCore
import GenetixNet

/// A client of etcd's v3 JSON gateway (`POST /v3/kv/range|put|txn|deleterange`, `/v3/lease/grant|keepalive|revoke|
/// timetolive`, `/v3/auth/authenticate`) over GenetixNet's `HTTPClient`. Keys and values travel base64-encoded.
///
/// Several endpoints may be given: each call tries the one that answered last, then the others in order, within the
/// call's timeout per endpoint. Watches are not used: callers poll with `range` (etcd 3.4's gateway streams watch
/// answers as an unbounded chunked response, which a poll every loop interval replaces without a second code path).
public actor EtcdClient {
    /// The endpoints, as `http(s)://HOST:PORT` base URLs.
    public nonisolated let endpoints: [HTTPURL]
    private let http: HTTPClient
    private let credentials: (user: String, password: String)?
    private var token: String?
    private var preferred = 0

    /// A client of `endpoints` (`http://HOST:PORT` or `https://…`; `caFile` verifies https endpoints; `credentialsFile`
    /// holds `USER:PASSWORD` for etcd's own authentication).
    public init(endpoints: [String], caFile: String? = nil, credentialsFile: String? = nil,
                timeout: Duration = .seconds(1)) throws(EtcdError) {
        var parsed: [HTTPURL] = []
        for text in endpoints {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("http://") || trimmed.hasPrefix("https://"),
                  let url = try? HTTPURL(parsing: trimmed) else { throw .invalidEndpoint(text) }
            parsed.append(url)
        }
        guard !parsed.isEmpty else { throw .invalidEndpoint("") }
        self.endpoints = parsed
        var tls: TLSContext?
        if parsed.contains(where: \.isTLS) {
            do { tls = try TLSContext.client(.client(trustedCAFilePath: caFile)) } catch {
                throw .invalidEndpoint("https endpoints with CA file \(caFile ?? "(system store)"): \(error)")
            }
        }
        http = HTTPClient(configuration: HTTPClientConfiguration(timeout: timeout, maxIdlePerOrigin: 4, tls: tls))
        if let credentialsFile {
            guard let text = try? String(contentsOfFile: credentialsFile, encoding: .utf8) else {
                throw .credentials("cannot read \(credentialsFile)")
            }
            let line = text.split(separator: "\n").first.map(String.init) ?? ""
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                throw .credentials("\(credentialsFile) does not hold USER:PASSWORD")
            }
            credentials = (String(line[..<colon]), String(line[line.index(after: colon)...]))
        } else {
            credentials = nil
        }
    }

    // MARK: Key-value

    /// The key `key`, or nil when it does not exist.
    public func get(_ key: String, timeout: Duration? = nil) async throws(EtcdError) -> EtcdKeyValue? {
        try await range(key, timeout: timeout).first
    }

    /// The keys equal to `key`, or starting with it when `prefix` is true (sorted by key).
    public func range(_ key: String, prefix: Bool = false, timeout: Duration? = nil) async throws(EtcdError) -> [EtcdKeyValue] {
        var body: [String: JSONValue] = ["key": .string(Self.base64(key))]
        if prefix { body["range_end"] = .string(Self.base64(bytes: Self.prefixEnd(key))) }
        let answer = try await call("/v3/kv/range", body, timeout: timeout)
        return try Self.keyValues(answer["kvs"], path: "/v3/kv/range")
    }

    /// Sets `key` to `value`, attached to `lease` (0: none).
    public func put(_ key: String, _ value: String, lease: Int64 = 0, timeout: Duration? = nil) async throws(EtcdError) {
        _ = try await call("/v3/kv/put", Self.putBody(key, value, lease), timeout: timeout)
    }

    /// Deletes `key` (or every key under the prefix); returns how many were deleted.
    @discardableResult
    public func delete(_ key: String, prefix: Bool = false, timeout: Duration? = nil) async throws(EtcdError) -> Int {
        var body: [String: JSONValue] = ["key": .string(Self.base64(key))]
        if prefix { body["range_end"] = .string(Self.base64(bytes: Self.prefixEnd(key))) }
        let answer = try await call("/v3/kv/deleterange", body, timeout: timeout)
        return Int(answer["deleted"]?.stringValue ?? "0") ?? 0
    }

    /// An atomic transaction: if every comparison holds, the `success` operations run, otherwise `failure`.
    public func transaction(if compare: [EtcdCompare], then success: [EtcdOperation], else failure: [EtcdOperation] = [],
                            timeout: Duration? = nil) async throws(EtcdError) -> EtcdTransactionResult {
        let body: [String: JSONValue] = [
            "compare": .array(compare.map(Self.compareBody)),
            "success": .array(success.map(Self.operationBody)),
            "failure": .array(failure.map(Self.operationBody)),
        ]
        let answer = try await call("/v3/kv/txn", body, timeout: timeout)
        var ranges: [[EtcdKeyValue]] = []
        for response in answer["responses"]?.arrayValue ?? [] {
            if let range = response["response_range"] { ranges.append(try Self.keyValues(range["kvs"], path: "/v3/kv/txn")) }
        }
        return EtcdTransactionResult(succeeded: answer["succeeded"]?.boolValue ?? false,
                                     revision: Int64(answer["header"]?["revision"]?.stringValue ?? "0") ?? 0, ranges: ranges)
    }

    /// Creates `key` with `value` under `lease` only if it does not exist; true when this call created it.
    public func create(_ key: String, _ value: String, lease: Int64, timeout: Duration? = nil) async throws(EtcdError) -> Bool {
        try await transaction(if: [.absent(key)], then: [.put(key: key, value: value, lease: lease)], timeout: timeout).succeeded
    }

    // MARK: Leases

    /// Grants a lease of `ttl` seconds; returns its id.
    public func grantLease(ttl: Int, timeout: Duration? = nil) async throws(EtcdError) -> Int64 {
        let answer = try await call("/v3/lease/grant", ["TTL": .string(String(ttl))], timeout: timeout)
        guard let id = answer["ID"]?.stringValue.flatMap({ Int64($0) }), id != 0 else {
            throw .malformed(path: "/v3/lease/grant", detail: "no lease ID in \(answer)")
        }
        return id
    }

    /// Renews `lease` once; returns the TTL etcd reset it to. Throws `leaseExpired` when the lease is gone.
    @discardableResult
    public func keepAlive(_ lease: Int64, timeout: Duration? = nil) async throws(EtcdError) -> Int {
        let answer = try await call("/v3/lease/keepalive", ["ID": .string(String(lease))], timeout: timeout)
        let result = answer["result"] ?? answer
        guard let ttl = result["TTL"]?.stringValue.flatMap({ Int($0) }), ttl > 0 else { throw .leaseExpired(lease) }
        return ttl
    }

    /// The seconds `lease` has left (nil when it is gone).
    public func timeToLive(_ lease: Int64, timeout: Duration? = nil) async throws(EtcdError) -> Int? {
        let answer = try await call("/v3/kv/lease/timetolive", ["ID": .string(String(lease))], timeout: timeout)
        guard let ttl = answer["TTL"]?.stringValue.flatMap({ Int($0) }), ttl > 0 else { return nil }
        return ttl
    }

    /// Revokes `lease`: every key attached to it is deleted at once.
    public func revoke(_ lease: Int64, timeout: Duration? = nil) async throws(EtcdError) {
        do { _ = try await call("/v3/lease/revoke", ["ID": .string(String(lease))], timeout: timeout) } catch {
            if case .rejected(_, _, let message) = error, message.contains("not found") { return }
            throw error
        }
    }

    /// Closes pooled connections.
    public func close() async { await http.shutdown() }

    // MARK: Transport

    /// POSTs `body` to `path` on the preferred endpoint, then the others; returns the parsed answer.
    func call(_ path: String, _ body: [String: JSONValue], timeout: Duration?, authenticating: Bool = false) async throws(EtcdError) -> JSONValue {
        if credentials != nil, token == nil, !authenticating { try await authenticate(timeout: timeout) }
        let bytes = Array(JSONValue.object(body).description.utf8)
        var failures: [String] = []
        for offset in 0..<endpoints.count {
            let index = (preferred + offset) % endpoints.count
            var headers: HTTPHeaders = ["Content-Type": "application/json"]
            if let token, !authenticating { headers.add("Authorization", token) }
            let request = HTTPClientRequest(method: "POST", url: endpoints[index].with(target: path), headers: headers, body: bytes)
            let response: HTTPClientResponse
            do { response = try await http.execute(request, timeout: timeout) } catch {
                failures.append("\(endpoints[index].origin): \(error)")
                continue
            }
            preferred = index
            let answer: JSONValue
            do { answer = try JSONValue.parse(Self.firstDocument(response.body)) } catch {
                throw .malformed(path: path, detail: "HTTP \(response.status): \(response.text.prefix(200))")
            }
            let failure = answer["error"] ?? answer["result"]?["error"]
            if response.status != 200 || failure != nil {
                let code = (failure?["code"] ?? answer["code"])?.intValue ?? response.status
                let message = (failure?["message"] ?? answer["message"] ?? failure)?.stringValue ?? response.text
                if message.contains("invalid auth token"), credentials != nil, !authenticating {
                    token = nil
                    return try await call(path, body, timeout: timeout)
                }
                throw .rejected(path: path, code: code, message: message)
            }
            return answer
        }
        throw .unreachable(failures)
    }

    private func authenticate(timeout: Duration?) async throws(EtcdError) {
        guard let credentials else { return }
        let answer = try await call("/v3/auth/authenticate", ["name": .string(credentials.user), "password": .string(credentials.password)],
                                    timeout: timeout, authenticating: true)
        guard let value = answer["token"]?.stringValue else { throw .credentials("etcd gave no token for user \(credentials.user)") }
        token = value
    }
}
