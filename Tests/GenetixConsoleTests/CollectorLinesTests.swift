import Foundation
import GenetixCore
import GenetixOperations
import GenetixTesting
import Testing
@testable import GenetixConsole

/// The console shows a node's recent lines from the syslog collector when its admin API does not answer (the
/// configuration's `collector`), marked `via=collector`.
@Suite struct CollectorLinesTests {
    @Test func anUnreachableNodesLinesComeFromTheCollector() async throws {
        try await TemporaryDirectory.with(prefix: "console-collector") { dir in
            try FileManager.default.createDirectory(atPath: dir.file("gone"), withIntermediateDirectories: true)
            try """
            <131>1 2026-12-02T11:24:46.389000+00:00 gone genetix 77 supervisor [genetix@32473 level="error" worker="2"] worker 2 crashed

            """.write(toFile: dir.file("gone/2026-12-02.log"), atomically: true, encoding: .utf8)
            let refusing = try RefusingPort()
            defer { refusing.close() }
            var config = OperatorConfig(cluster: "t", nodes: [ConfiguredNode(name: "gone", kind: .app, admin: refusing.url)])
            config.collector = dir.path
            let model = ClusterModel(cluster: try ClusterClient(config: config, timeout: .milliseconds(500)), refreshInterval: .milliseconds(250))
            await model.start()
            let snapshot = await ClusterModelTests.eventually(model) { !$0.logs.isEmpty }
            await model.stop()
            let line = try #require(snapshot.logs.first)
            #expect(line.node == "gone" && line.level == .error && line.source == "supervisor")
            #expect(line.message == "worker 2 crashed via=collector worker=2")
            #expect(snapshot.node(named: "gone")?.isReachable == false)
        }
    }
}
