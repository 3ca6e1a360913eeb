import CPostgres
import Foundation

/// One libpq connection. Blocking: use it only on a thread that may block (a `PostgresPool` thread), never on an
/// event loop or the cooperative pool. Not Sendable: the thread that opened it owns it.
final class PostgresConnection {
    private let connection: OpaquePointer

    /// Opens a connection; `conninfo` may name several hosts (`host=a,b port=1,2 target_session_attrs=read-write`).
    init(conninfo: String) throws(PostgresError) {
        guard let connection = PQconnectdb(conninfo) else { throw .connectionFailed("libpq could not allocate a connection") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.trimmed(PQerrorMessage(connection))
            PQfinish(connection)
            throw .connectionFailed(message)
        }
        self.connection = connection
    }

    deinit { PQfinish(connection) }

    /// Whether libpq still considers the connection usable.
    var isHealthy: Bool { PQstatus(connection) == CONNECTION_OK }

    /// Runs one parameterised statement (`$1`, `$2`… placeholders; values in text form, nil for NULL).
    func execute(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> PostgresRows {
        let copies: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.map { strdup($0)! } }
        defer { copies.forEach { free($0) } }
        let values: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
        let result = values.withUnsafeBufferPointer { buffer in
            PQexecParams(connection, sql, Int32(parameters.count), nil, buffer.baseAddress, nil, nil, 0)
        }
        guard let result else {
            throw .connectionFailed(Self.trimmed(PQerrorMessage(connection)))
        }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else {
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
            let message = Self.trimmed(PQresultErrorMessage(result))
            if !isHealthy || state.isEmpty || state.hasPrefix("08") || state.hasPrefix("57P") {
                throw .connectionFailed(message.isEmpty ? Self.trimmed(PQerrorMessage(connection)) : message)
            }
            throw .statementFailed(sqlState: state, message: message)
        }
        let fieldCount = Int(PQnfields(result))
        let rowCount = Int(PQntuples(result))
        var columns: [String] = []
        columns.reserveCapacity(fieldCount)
        for f in 0..<fieldCount { columns.append(String(cString: PQfname(result, Int32(f)))) }
        var rows: [[String?]] = []
        rows.reserveCapacity(rowCount)
        for r in 0..<rowCount {
            var row: [String?] = []
            row.reserveCapacity(fieldCount)
            for f in 0..<fieldCount {
                if PQgetisnull(result, Int32(r), Int32(f)) != 0 { row.append(nil) }
                else { row.append(String(cString: PQgetvalue(result, Int32(r), Int32(f)))) }
            }
            rows.append(row)
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        return PostgresRows(columns: columns, rows: rows, affected: affected)
    }

    private static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "unknown libpq error" }
        return String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
