import Foundation
import GenetixCore
import GenetixOperations
import Testing

@Suite struct StatusReportTests {
    @Test func tableIsAlignedWithFindingsBelow() {
        let readings = [CheckReportTests.reading("app-1", status: CheckReportTests.app("app-1", p99: 300)),
                        CheckReportTests.reading("db-2", .database, status: nil, unreachable: true, error: "db-2 could not be reached: refused")]
        let report = StatusReport(cluster: "c", assessments: NodeAssessment.assess(readings, thresholds: CheckThresholds()))
        #expect(report.table() == """
            NODE   KIND      ROLE        HEALTH       REQ/S    P99  5XX  CPU  DETAIL
            app-1  app       supervisor  ok             7.0  300ms   0%   5%  workers 3/3 online
            db-2   database  -           unreachable      -      -    -    -  db-2 could not be reached: refused

            warning: app-1 p99 300 ms (warn 250)
            critical: db-2 unreachable (db-2 could not be reached: refused)

            """)
        let s = report.summary
        let counts: [Int] = [s.nodes, s.ok, s.warning, s.critical, s.unknown, s.unreachable]
        #expect(counts == [2, 0, 1, 1, 0, 1])
    }

    @Test func colourOnlyWhenAsked() {
        let readings = [CheckReportTests.reading("app-1", status: CheckReportTests.app("app-1"))]
        let report = StatusReport(cluster: "c", assessments: NodeAssessment.assess(readings, thresholds: CheckThresholds()))
        #expect(!report.table(style: .plain).contains("\u{1B}"))
        #expect(report.table(style: TextStyle(color: true)).contains("\u{1B}[32mok\u{1B}[0m"))
        #expect(TextStyle.detect(fd: 1, environment: ["NO_COLOR": "1"]) == .plain)
        #expect(TextStyle.detect(fd: 1, environment: ["TERM": "dumb"]) == .plain)
    }

    @Test func jsonSchemaIsStable() throws {
        let readings = [CheckReportTests.reading("app-1", status: CheckReportTests.app("app-1")),
                        CheckReportTests.reading("db-2", .database, status: nil, unreachable: true, error: "refused")]
        let report = StatusReport(cluster: "c", time: Date(timeIntervalSince1970: 0), assessments: NodeAssessment.assess(readings, thresholds: CheckThresholds()))
        let json = try GenetixJSON.decode(JSONValue.self, from: Array(report.json().utf8))
        #expect(json.objectValue.map { Set($0.keys) } == ["schema", "cluster", "time", "nodes", "summary"])
        #expect(json["schema"] == .number(1))
        #expect(json["time"] == .string("1970-01-01T00:00:00.000Z"))
        let node = try #require(json["nodes"]?.arrayValue?.first)
        #expect(node.objectValue.map { Set($0.keys) } == ["name", "kind", "admin", "reachable", "elapsedMs", "severity", "findings", "status"])
        #expect(node["status"]?["workers"]?.arrayValue?.count == 3)
        let down = try #require(json["nodes"]?.arrayValue?.last)
        #expect(down["reachable"] == .bool(false))
        #expect(down["severity"] == .string("critical"))
        #expect(down["error"] == .string("refused"))
        #expect(json["summary"]?["unreachable"] == .number(1))
        #expect(try GenetixJSON.decode(StatusReport.self, from: Array(report.json().utf8)) == report)
    }

    @Test func textTableAlignsRightColumnsAndIgnoresColourInWidths() {
        var t = TextTable(headers: ["A", "NUM"], alignments: [.left, .right])
        t.rows = [[.init("x", .critical), "1"], ["long", "100"]]
        #expect(t.render() == "A     NUM\nx       1\nlong  100\n")
        let coloured = t.render(style: TextStyle(color: true)).split(separator: "\n")
        #expect(coloured[1] == "\u{1B}[31mx\u{1B}[0m       1")
    }
}

extension JSONValue {
    var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
}
