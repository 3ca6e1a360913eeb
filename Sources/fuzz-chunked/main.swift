import GenetixFuzzHarness
import GenetixNet

/// libFuzzer entry for the chunked decoder: the input follows a fixed `Transfer-Encoding: chunked` request head (the
/// first byte picks one of a few heads, one with a trailer-declaring field and one pipelined after a first request),
/// so every execution reaches chunk sizes, extensions, data, CRLFs and trailers; checked by `HTTPParserFuzzing`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let heads = [
        "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n",
        "PUT /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\nTrailer: X-Sum\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nokPOST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n",
    ]
    let prefix = Array(heads[Int(data[0]) % heads.count].utf8)
    let input = prefix + Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    HTTPParserFuzzing.check(input, inputSize: size, seedByte: data[0]) {
        HTTPRequestParser(limits: HTTPParserFuzzing.limits)
    }
    return 0
}
