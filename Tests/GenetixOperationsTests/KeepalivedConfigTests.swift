import GenetixCore
import Testing
@testable import GenetixOperations

/// `genetix keepalived-config`: one balancer's keepalived.conf from the cluster configuration.
@Suite struct KeepalivedConfigTests {
    private let config = OperatorConfig(cluster: "edge-1", nodes: [
        ConfiguredNode(name: "app-1", kind: .app, admin: "https://10.0.0.3:9201"),
        ConfiguredNode(name: "lb-1", kind: .balancer, admin: "https://10.0.0.2:9101/", caFile: "/etc/genetix/ca.pem"),
        ConfiguredNode(name: "lb-2", kind: .balancer, admin: "http://10.0.0.4:9101"),
    ], path: "/etc/genetix/console.json")

    @Test func theSecondBalancerGetsALowerPriorityUnicastToItsPeerAndChecksItsOwnReadiness() throws {
        var keepalived = KeepalivedConfig(balancer: "lb-2", address: "10.0.0.50/24")
        keepalived.advertInterval = 0.5
        let text = try keepalived.render(config)
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains("vrrp_version 3"), "an advert interval below 1 s needs VRRP version 3")
        #expect(lines.contains("script \"/usr/bin/curl -fsS -o /dev/null --max-time 1 http://10.0.0.4:9101/readyz\""))
        #expect(lines.contains("state BACKUP") && lines.contains("nopreempt"))
        #expect(lines.contains("priority 140") && lines.contains("advert_int 0.5") && lines.contains("virtual_router_id 51"))
        #expect(lines.contains("unicast_src_ip 10.0.0.4") && lines.contains("10.0.0.2"))
        #expect(lines.contains("10.0.0.50/24 dev eth0"))
        #expect(lines.contains("vrrp_instance genetix_edge_1 {"))
        #expect(lines.contains("fall 2") && lines.contains("rise 2") && lines.contains("interval 1"))
    }

    @Test func theFirstBalancerUsesItsCAAndMayPreempt() throws {
        var keepalived = KeepalivedConfig(balancer: "lb-1", address: "10.0.0.50/24")
        keepalived.preempt = true
        keepalived.interface = "ens3"
        let text = try keepalived.render(config)
        #expect(text.contains("--cacert /etc/genetix/ca.pem https://10.0.0.2:9101/readyz\""))
        #expect(text.contains("priority 150"))
        #expect(!text.contains("nopreempt"))
        #expect(!text.contains("vrrp_version"))
        #expect(text.contains("10.0.0.50/24 dev ens3"))
    }

    @Test func mistakesNameTheKey() {
        #expect(throws: OperatorConfigError.invalid(path: config.path, key: "nodes", message: "no balancer named app-1 (balancers: lb-1, lb-2)")) {
            try KeepalivedConfig(balancer: "app-1", address: "10.0.0.50/24").render(config)
        }
        #expect(throws: OperatorConfigError.invalid(path: config.path, key: "--address", message: "'10.0.0.50' needs a prefix length, e.g. 10.0.0.50/24")) {
            try KeepalivedConfig(balancer: "lb-1", address: "10.0.0.50").render(config)
        }
    }
}
