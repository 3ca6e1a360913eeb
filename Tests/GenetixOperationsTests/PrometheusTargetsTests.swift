import GenetixCore
import GenetixOperations
import Testing

/// The file_sd document: one group per node, the admin URL's host and port (default ports, IPv6 brackets), its scheme.
@Suite struct PrometheusTargetsTests {
    @Test func oneGroupPerNodeWithSchemeAndLabels() throws {
        let config = OperatorConfig(cluster: "c1", nodes: [
            ConfiguredNode(name: "lb-1", kind: .balancer, admin: "https://lb.example.org"),
            ConfiguredNode(name: "app-1", kind: .app, admin: "http://127.0.0.1:8091"),
            ConfiguredNode(name: "db-1", kind: .database, admin: "http://[::1]:8093"),
            ConfiguredNode(name: "db-2", kind: .database, admin: "http://db-2.internal"),
        ])
        let groups = try PrometheusTargets.groups(config)
        #expect(groups.map(\.targets) == [["lb.example.org:443"], ["127.0.0.1:8091"], ["[::1]:8093"], ["db-2.internal:80"]])
        #expect(groups[0].labels == ["__scheme__": "https", "genetix_cluster": "c1", "genetix_node": "lb-1", "genetix_kind": "balancer"])
        #expect(groups[2].labels["__scheme__"] == "http" && groups[2].labels["genetix_kind"] == "database")
        let document = try PrometheusTargets.document(config)
        #expect(document.hasPrefix("[") && document.hasSuffix("]\n"))
        #expect(document.contains("\"genetix_node\" : \"db-2\""))
    }

    @Test func anAdminURLWithoutAHostIsNamedByItsKey() {
        let config = OperatorConfig(cluster: "c1", nodes: [ConfiguredNode(name: "x", kind: .app, admin: "ftp://h:1")], path: "/etc/genetix/console.json")
        #expect(throws: OperatorConfigError.invalid(path: "/etc/genetix/console.json", key: "nodes[0].admin",
                                                   message: "'ftp://h:1' is not an http:// or https:// URL with a host")) {
            try PrometheusTargets.groups(config)
        }
    }
}
