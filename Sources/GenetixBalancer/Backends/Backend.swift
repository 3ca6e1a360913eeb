import GenetixCore
import GenetixNet
import Synchronization

/// Where a backend came from: a `--backend` flag, or an app node's worker list.
public enum BackendSource: Sendable, Equatable {
    case `static`
    /// Discovered from the app node at `node` (its admin URL), worker `workerId`.
    case discovered(node: String, workerId: Int?)

    /// `static` or `discovered`, as the status shows it.
    public var name: String {
        switch self {
        case .static: "static"
        case .discovered: "discovered"
        }
    }
}

/// One upstream server and everything the proxy tracks about it. Shared by every loop: the hot-path fields are
/// atomics; the health-check record (touched once a second) sits behind a Mutex.
public final class Backend: Sendable {
    /// The address requests go to.
    public let address: SocketAddress
    /// `host:port`, the name actions and the status use.
    public let key: String
    public let source: BackendSource
    /// A process-unique number, the key of per-loop state (pools, weights).
    let id: Int

    let inFlight = Atomic<Int>(0)
    let weightValue: Atomic<Int>
    /// Connections open to it across all loops (the cap counts these).
    let openConnections = Atomic<Int>(0)
    let drainedByOperator = Atomic<Bool>(false)
    let drainedByDiscovery = Atomic<Bool>(false)
    let healthy = Atomic<Bool>(true)
    /// Monotonic nanoseconds until which it is ejected (0: not ejected).
    let ejectedUntil = Atomic<UInt64>(0)
    let consecutiveFailures = Atomic<Int>(0)
    let consecutiveEjections = Atomic<Int>(0)
    let requests = Atomic<Int>(0)
    let errors = Atomic<Int>(0)
    /// Upstream latency of its requests.
    let latency = Histogram()
    let checks = Mutex<HealthRecord>(HealthRecord())

    private static let nextID = Atomic<Int>(1)

    /// A backend at `address`, routable until told otherwise.
    public init(address: SocketAddress, source: BackendSource = .static, weight: Int = 1) {
        self.address = address
        key = address.description
        self.source = source
        weightValue = Atomic(max(0, weight))
        id = Self.nextID.wrappingAdd(1, ordering: .relaxed).oldValue
    }

    /// Its weight for weighted balancing (0 takes no new requests).
    public var weight: Int {
        get { weightValue.load(ordering: .relaxed) }
        set { weightValue.store(max(0, newValue), ordering: .relaxed) }
    }

    /// Whether an operator (`drain`) or its app node (`draining` worker) took it out of rotation.
    public var isDraining: Bool {
        drainedByOperator.load(ordering: .relaxed) || drainedByDiscovery.load(ordering: .relaxed)
    }

    /// Whether passive ejection holds it out of rotation at `now` (monotonic nanoseconds).
    public func isEjected(now: UInt64 = Syscall.monotonicNanos()) -> Bool {
        ejectedUntil.load(ordering: .relaxed) > now
    }

    /// Requests being proxied to it right now.
    public var requestsInFlight: Int { inFlight.load(ordering: .relaxed) }

    /// Whether new requests may go to it.
    @inline(__always)
    func isRoutable(now: UInt64) -> Bool {
        healthy.load(ordering: .relaxed) && !isDraining && weightValue.load(ordering: .relaxed) > 0
            && ejectedUntil.load(ordering: .relaxed) <= now
    }

    /// The state the status shows: draining wins, then ejected, then the health check's verdict.
    public var state: BackendStatus.State {
        if isDraining { return .draining }
        if isEjected() { return .ejected }
        return healthy.load(ordering: .relaxed) ? .up : .down
    }
}

/// The active health check's running record of one backend.
struct HealthRecord: Sendable {
    var consecutiveSuccesses = 0
    var consecutiveFailures = 0
    /// `ok`, or why the last check failed.
    var lastResult: String?
    var lastCheckAt: ContinuousClock.Instant?
}
