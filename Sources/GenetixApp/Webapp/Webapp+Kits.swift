import GenetixCore
import GenetixCrypto
import GenetixNet
import GenetixPostgres

extension Webapp {
    /// Associated data binding sealed codes to their purpose.
    static let codeAssociatedData = Array("genetix-kit-code-v1".utf8)

    /// `POST /api/kits {"code"}` → 201 `{"id", "code", "registeredAt"}`; a bad check symbol → 400 naming `code`;
    /// a code registered before (by anyone) → 409.
    func registerKit(_ request: HTTPRequest) async -> HTTPResponse {
        let customer: Int64
        switch await authenticate(request) { case .success(let id): customer = id; case .failure(let r): return r.response }
        let code: RegistrationCode
        do throws(ActionError) {
            let body = try Self.body(request, allowed: ["code"])
            let text = try body.require("code", body.string)
            do throws(RegistrationCodeError) { code = try RegistrationCode(parsing: text) } catch {
                throw .badRequest("'code': \(error)", field: "code")
            }
        } catch { return Self.badRequest(error) }
        let index = blindIndex(code)
        guard let sealed = try? AESGCM.seal(plaintext: Array(code.normalized.utf8), key: secrets.codeKey,
                                            associatedData: Self.codeAssociatedData) else {
            logger.error("cannot seal a registration code: AES-GCM failed")
            return .error(500, code: "internal_error", "the request failed on our side; it has been logged")
        }
        do throws(PostgresError) {
            let kit = try await store.registerKit(customerId: customer, codeIndex: index, codeSealed: sealed)
            logger.info("kit registered", fields: ["customer": String(customer), "kit": String(kit.id)])
            return .json(KitSummary(id: kit.id, code: code.display, registeredAt: kit.registeredAt,
                                    report: "/api/kits/\(kit.id)/report"), status: 201)
        } catch {
            if error.isUniqueViolation {
                return .error(409, code: "kit_already_registered", "this registration code has already been registered", field: "code")
            }
            return failure(error, doing: "registering a kit")
        }
    }

    /// `GET /api/kits` → `{"kits": [{"id", "code", "registeredAt", "report"}]}`.
    func listKits(_ request: HTTPRequest) async -> HTTPResponse {
        let customer: Int64
        switch await authenticate(request) { case .success(let id): customer = id; case .failure(let r): return r.response }
        do throws(PostgresError) {
            let kits = try await store.kits(customerId: customer)
            return .json(["kits": kits.map { KitSummary(id: $0.id, code: code(of: $0), registeredAt: $0.registeredAt,
                                                         report: "/api/kits/\($0.id)/report") }])
        } catch { return failure(error, doing: "listing kits") }
    }

    /// `GET /api/kits/{id}/report` → the kit's report; another customer's kit answers 404.
    func report(_ request: HTTPRequest) async -> HTTPResponse {
        guard let text = request.pathParameters["id"], let id = Int64(text), id > 0 else {
            return .error(400, code: "bad_request", "the kit id in the path must be a positive integer", field: "id")
        }
        let customer: Int64
        switch await authenticate(request) { case .success(let c): customer = c; case .failure(let r): return r.response }
        do throws(PostgresError) {
            guard let kit = try await store.kit(id: id, customerId: customer) else {
                return .error(404, code: "not_found", "you have no kit \(id)")
            }
            return .json(KitReport(kitId: kit.id, codeIndex: kit.codeIndex))
        } catch { return failure(error, doing: "reading a report") }
    }

    /// HMAC-SHA256 of the normalised code under the index key: looks codes up and keeps them unique without
    /// storing them in the clear.
    func blindIndex(_ code: RegistrationCode) -> [UInt8] {
        HMACSHA256.mac(key: secrets.indexKey, message: Array(code.normalized.utf8))
    }

    /// The display form of a kit's code, decrypted; `?` when it cannot be opened (a rotated key).
    func code(of kit: KitRecord) -> String {
        guard let plain = try? AESGCM.open(kit.codeSealed, key: secrets.codeKey, associatedData: Self.codeAssociatedData),
              let code = try? RegistrationCode(parsing: String(decoding: plain, as: UTF8.self)) else { return "?" }
        return code.display
    }
}

/// A kit as the API lists it.
struct KitSummary: Codable, Sendable {
    var id: Int64
    var code: String
    var registeredAt: String
    var report: String
}
