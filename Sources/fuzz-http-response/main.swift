import GenetixFuzzHarness
import GenetixNet

/// libFuzzer entry for the client-side response parser. The first byte picks the method the response answers (GET,
/// HEAD, CONNECT or POST, so no-body and tunnel rules are reached; a GET response may follow); the rest is the
/// response stream, checked by `HTTPParserFuzzing`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let methods = ["GET", "HEAD", "CONNECT", "POST"]
    let method = methods[Int(data[0]) % methods.count]
    let input = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    HTTPParserFuzzing.check(input, inputSize: size, seedByte: data[0]) {
        var parser = HTTPResponseParser(limits: HTTPParserFuzzing.limits)
        parser.expectResponse(toMethod: method)
        parser.expectResponse(toMethod: "GET")
        return parser
    }
    return 0
}
