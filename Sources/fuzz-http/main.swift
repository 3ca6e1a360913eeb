import GenetixFuzzHarness
import GenetixNet

/// libFuzzer entry for the request parser: the input is the request stream, checked by `HTTPParserFuzzing`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    HTTPParserFuzzing.check(input, inputSize: size, seedByte: input.first ?? 0) {
        HTTPRequestParser(limits: HTTPParserFuzzing.limits)
    }
    return 0
}
