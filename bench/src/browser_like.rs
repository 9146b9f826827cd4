//! Requests as a browser sends them: compressed answers asked for, and read as the browser
//! reads them (the body decompressed before it is looked at).

use std::io::Read;

/// What Chromium sends for a page or a `fetch`.
pub const ACCEPT_ENCODING: &str = "gzip, deflate, br, zstd";

/// A response body as the browser sees it: decoded from its `Content-Encoding`, or `None`
/// when the encoding is unknown or the bytes do not decode.
pub fn decode(encoding: Option<&str>, bytes: &[u8]) -> Option<String> {
    let mut text = String::new();
    match encoding.unwrap_or("identity") {
        "identity" => return String::from_utf8(bytes.to_vec()).ok(),
        "br" => brotli_decompressor::Decompressor::new(bytes, 4096).read_to_string(&mut text).ok()?,
        "gzip" => flate2::read::GzDecoder::new(bytes).read_to_string(&mut text).ok()?,
        "deflate" => flate2::read::ZlibDecoder::new(bytes).read_to_string(&mut text).ok()?,
        _ => return None,
    };
    Some(text)
}

/// A GET or POST's answer read whole: its status, encoding, size on the wire, decoded text.
pub struct Answer {
    pub status: u16,
    pub encoding: Option<String>,
    pub wire_bytes: usize,
    pub text: Option<String>,
}

/// Sends `request` with the browser's Accept-Encoding and reads the answer whole.
pub async fn send(request: reqwest::RequestBuilder) -> Option<Answer> {
    let res = request.header("accept-encoding", ACCEPT_ENCODING).send().await.ok()?;
    let status = res.status().as_u16();
    let encoding = res.headers().get("content-encoding").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let bytes = res.bytes().await.ok()?;
    let text = decode(encoding.as_deref(), &bytes);
    Some(Answer { status, encoding, wire_bytes: bytes.len(), text })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn decodes_what_the_server_may_send() {
        let page = "<p>Showing 1–25 of 100,000</p>".repeat(50);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(page.as_bytes()).unwrap();
        assert_eq!(decode(Some("gzip"), &gz.finish().unwrap()).as_deref(), Some(page.as_str()));
        assert_eq!(decode(None, page.as_bytes()).as_deref(), Some(page.as_str()));
        assert_eq!(decode(Some("gzip"), b"not gzip"), None);
        assert_eq!(decode(Some("compress"), b"x"), None);
    }
}
