//! The smallest zip archive an .xlsx needs: STORED entries (no compression), each with
//! its CRC-32, a central directory and its end record (PKWARE APPNOTE 6.3, sections
//! 4.3 and 4.4). No zip64, so the archive is refused beyond 4 GiB.
//!
//! Written by hand instead of with a zip crate: the browser downloads every byte of the
//! app's WebAssembly at load, and a deflate implementation is a large part of that.

/// A zip archive being written.
pub struct Zip {
    out: Vec<u8>,
    central: Vec<u8>,
    entries: u16,
}

/// DOS date of every entry: 1980-01-01, 00:00 (the epoch of the format), as most
/// generated office files carry; the document's own date is in its properties.
const DOS_DATE: u16 = (1 << 5) | 1;

impl Zip {
    pub fn new() -> Self {
        Zip {
            out: Vec::new(),
            central: Vec::new(),
            entries: 0,
        }
    }

    /// Adds a file called `name` (ASCII, `/` between folders) holding `data`.
    pub fn add(&mut self, name: &str, data: &[u8]) -> Result<(), String> {
        let too_large =
            || "the workbook is larger than a zip archive without zip64 holds (4 GiB)".to_string();
        let offset = u32::try_from(self.out.len()).map_err(|_| too_large())?;
        let size = u32::try_from(data.len()).map_err(|_| too_large())?;
        self.entries = self.entries.checked_add(1).ok_or_else(too_large)?;
        let crc = crc32(data);
        // Local file header.
        put32(&mut self.out, 0x0403_4b50);
        self.common(name, crc, size, false);
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(data);
        // Central directory header.
        put32(&mut self.central, 0x0201_4b50);
        put16(&mut self.central, 20); // made by: MS-DOS, version 2.0
        self.common(name, crc, size, true);
        put16(&mut self.central, 0); // comment length
        put16(&mut self.central, 0); // disk number start
        put16(&mut self.central, 0); // internal attributes
        put32(&mut self.central, 0); // external attributes
        put32(&mut self.central, offset);
        self.central.extend_from_slice(name.as_bytes());
        Ok(())
    }

    /// The fields that the local and the central header share, from "version needed".
    fn common(&mut self, name: &str, crc: u32, size: u32, central: bool) {
        let out = if central {
            &mut self.central
        } else {
            &mut self.out
        };
        put16(out, 20); // version needed to extract
        put16(out, 0); // flags
        put16(out, 0); // method: stored
        put16(out, 0); // time
        put16(out, DOS_DATE);
        put32(out, crc);
        put32(out, size); // compressed size
        put32(out, size); // uncompressed size
        put16(out, name.len() as u16);
        put16(out, 0); // extra field length
    }

    /// The archive's bytes.
    pub fn finish(mut self) -> Result<Vec<u8>, String> {
        let too_large = "the workbook is larger than a zip archive without zip64 holds (4 GiB)";
        let start = u32::try_from(self.out.len()).map_err(|_| too_large)?;
        let length = u32::try_from(self.central.len()).map_err(|_| too_large)?;
        self.out.append(&mut self.central);
        u32::try_from(self.out.len()).map_err(|_| too_large)?;
        put32(&mut self.out, 0x0605_4b50);
        put16(&mut self.out, 0); // this disk
        put16(&mut self.out, 0); // disk of the central directory
        put16(&mut self.out, self.entries);
        put16(&mut self.out, self.entries);
        put32(&mut self.out, length);
        put32(&mut self.out, start);
        put16(&mut self.out, 0); // comment length
        Ok(self.out)
    }
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), four bits at a time: a
/// 16-entry table keeps it small and fast enough for any workbook.
pub fn crc32(data: &[u8]) -> u32 {
    const TABLE: [u32; 16] = {
        let mut t = [0u32; 16];
        let mut i = 0;
        while i < 16 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 4 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            t[i] = c;
            i += 1;
        }
        t
    };
    let mut crc = !0u32;
    for &b in data {
        crc = TABLE[((crc ^ u32::from(b)) & 0xF) as usize] ^ (crc >> 4);
        crc = TABLE[((crc ^ (u32::from(b) >> 4)) & 0xF) as usize] ^ (crc >> 4);
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_check_values() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(
            crc32(b"The quick brown fox jumps over the lazy dog"),
            0x414F_A339
        );
    }

    #[test]
    fn an_archive_has_its_entries_and_directory() {
        let mut z = Zip::new();
        z.add("a.txt", b"hello").unwrap();
        z.add("dir/b.xml", b"<x/>").unwrap();
        let bytes = z.finish().unwrap();
        assert_eq!(&bytes[..4], b"PK\x03\x04");
        let end = &bytes[bytes.len() - 22..];
        assert_eq!(&end[..4], b"PK\x05\x06");
        assert_eq!(u16::from_le_bytes([end[10], end[11]]), 2);
        let dir = u32::from_le_bytes([end[16], end[17], end[18], end[19]]) as usize;
        assert_eq!(&bytes[dir..dir + 4], b"PK\x01\x02");
    }
}
