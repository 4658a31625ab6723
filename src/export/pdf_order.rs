//! Byte-identical PDFs from svg2pdf: it numbers and writes a font's objects, and a resource
//! dictionary's entries, in the order of a `HashMap`, which changes from run to run (a known
//! svg2pdf 0.13 issue; the crate is no longer maintained). [`canonical`] rewrites its output
//! into one order: the entries of each dictionary's run of `/Name N 0 R` lines sorted by name,
//! the objects numbered in the order a depth-first walk from the trailer's `/Root` then `/Info`
//! first meets them, written in that order with a fresh cross-reference table. Streams are
//! copied untouched; nothing but order and object numbers changes.
//!
//! It reads only the layout pdf-writer writes (`N 0 obj`, a dictionary or array, optional
//! stream with a direct `/Length`, `endobj`; one `xref` section and `trailer`) and returns
//! `None` for anything else.

/// One object: its number in the input, its text before any stream (references rewritten on
/// output), and its stream part from `stream` to the end, copied as it is.
struct Object<'a> {
    /// Object number in the input.
    number: usize,
    /// The dictionary or other value, up to and including the newline before `stream` or `endobj`.
    head: Vec<u8>,
    /// `stream\n...\nendstream\n`, or empty.
    stream: &'a [u8],
}

/// Where `needle` first occurs in `hay` at or after `from`.
fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|i| i + from)
}

/// The decimal number at the start of `bytes` and its length in digits.
fn number_at(bytes: &[u8]) -> Option<(usize, usize)> {
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let n = std::str::from_utf8(&bytes[..digits]).ok()?.parse().ok()?;
    Some((n, digits))
}

/// Every indirect reference `N 0 R` in a text: (start, end, N).
///
/// Complexity: O(text length).
fn references(text: &[u8]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let boundary = i == 0 || !text[i - 1].is_ascii_alphanumeric() && text[i - 1] != b'.';
        if boundary && text[i].is_ascii_digit() {
            if let Some((n, digits)) = number_at(&text[i..]) {
                let end = i + digits + 4;
                let after_ok = text.get(end).is_none_or(|b| !b.is_ascii_alphanumeric());
                if text.get(i + digits..end) == Some(b" 0 R") && after_ok {
                    out.push((i, end, n));
                    i = end;
                    continue;
                }
                i += digits;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Sorts each run of consecutive dictionary lines `<indent>/Name N 0 R` with the same indent
/// by name. Entry order means nothing in a PDF dictionary, and a run's bytes keep their length.
fn sort_reference_lines(head: &[u8]) -> Vec<u8> {
    let lines: Vec<&[u8]> = head.split_inclusive(|&b| b == b'\n').collect();
    let key = |line: &[u8]| -> Option<usize> {
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        let rest = line[indent..].strip_suffix(b"\n")?;
        let refs = references(rest);
        let (start, end, _) = refs.first()?;
        let name_ok = rest.first() == Some(&b'/') && rest[..*start].iter().filter(|&&b| b == b' ').count() == 1;
        (indent > 0 && name_ok && *end == rest.len() && refs.len() == 1).then_some(indent)
    };
    let mut out = Vec::with_capacity(head.len());
    let mut i = 0;
    while i < lines.len() {
        let Some(indent) = key(lines[i]) else {
            out.extend_from_slice(lines[i]);
            i += 1;
            continue;
        };
        let mut j = i;
        while j < lines.len() && key(lines[j]) == Some(indent) {
            j += 1;
        }
        let mut run = lines[i..j].to_vec();
        run.sort_by_key(|line| line.split(|&b| b == b' ').find(|w| !w.is_empty()).map(<[u8]>::to_vec));
        for line in run {
            out.extend_from_slice(line);
        }
        i = j;
    }
    out
}

/// Reads the objects and the trailer's text.
fn parse(pdf: &[u8]) -> Option<(&[u8], Vec<Object<'_>>, &[u8])> {
    // The header is `%PDF-1.x`, a binary comment line and a blank line.
    let first = find(pdf, b"\n\n", 0)? + 2;
    let header = &pdf[..first];
    let mut objects = Vec::new();
    let mut at = first;
    while !pdf[at..].starts_with(b"xref\n") {
        let (number, digits) = number_at(&pdf[at..])?;
        let body = at + digits;
        if !pdf[body..].starts_with(b" 0 obj\n") {
            return None;
        }
        let body = body + b" 0 obj\n".len();
        let end_obj = find(pdf, b"\nendobj\n", body);
        let stream_at = find(pdf, b">>\nstream\n", body);
        let (head, stream, next) = match (stream_at, end_obj) {
            (Some(s), Some(e)) if s < e => {
                let head = &pdf[body..s + 3];
                let length_at = find(head, b"/Length ", 0)? + b"/Length ".len();
                let (length, _) = number_at(&head[length_at..])?;
                let data = s + b">>\nstream\n".len();
                let tail = data + length;
                if !pdf.get(tail..)?.starts_with(b"\nendstream\nendobj\n") {
                    return None;
                }
                (head, &pdf[s + 3..tail + b"\nendstream\n".len()], tail + b"\nendstream\nendobj\n".len())
            }
            (_, Some(e)) => (&pdf[body..e + 1], &pdf[e + 1..e + 1], e + b"\nendobj\n".len()),
            _ => return None,
        };
        objects.push(Object { number, head: sort_reference_lines(head), stream });
        at = next;
        while pdf.get(at) == Some(&b'\n') {
            at += 1;
        }
        if at >= pdf.len() {
            return None;
        }
    }
    let trailer_at = find(pdf, b"trailer\n", at)? + b"trailer\n".len();
    let trailer_end = find(pdf, b"\nstartxref\n", trailer_at)? + 1;
    Some((header, objects, &pdf[trailer_at..trailer_end]))
}

/// Writes `text` with every reference renumbered by `new` (input number → output number).
fn renumber(text: &[u8], new: &[Option<usize>]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len());
    let mut last = 0;
    for (start, end, n) in references(text) {
        out.extend_from_slice(&text[last..start]);
        out.extend_from_slice(format!("{} 0 R", (*new.get(n)?)?).as_bytes());
        last = end;
    }
    out.extend_from_slice(&text[last..]);
    Some(out)
}

/// The PDF in its canonical order, or `None` when it is not laid out as pdf-writer writes.
///
/// Complexity: O(PDF size) plus sorting each dictionary's reference lines.
pub(crate) fn canonical(pdf: &[u8]) -> Option<Vec<u8>> {
    let (header, objects, trailer) = parse(pdf)?;
    let count = objects.len();
    // Input numbers are 1..=count, each once.
    let mut index = vec![None; count + 1];
    for (i, o) in objects.iter().enumerate() {
        if index.get(o.number)?.is_some() {
            return None;
        }
        index[o.number] = Some(i);
    }
    // Depth-first from the trailer's references (/Root, then /Info), children in text order.
    let mut new = vec![None; count + 1];
    let mut order = Vec::with_capacity(count);
    let mut stack: Vec<usize> = references(trailer).iter().rev().map(|&(_, _, n)| n).collect();
    while let Some(n) = stack.pop() {
        if new.get(n)?.is_some() {
            continue;
        }
        order.push(n);
        new[n] = Some(order.len());
        let object = &objects[(*index.get(n)?)?];
        stack.extend(references(&object.head).iter().rev().map(|&(_, _, m)| m));
    }
    if order.len() != count {
        return None;
    }
    let mut out = header.to_vec();
    let mut offsets = Vec::with_capacity(count);
    for &n in &order {
        let object = &objects[index[n]?];
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", new[n]?).as_bytes());
        out.extend_from_slice(&renumber(&object.head, &new)?);
        out.extend_from_slice(object.stream);
        out.extend_from_slice(b"endobj\n\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f\r\n", count + 1).as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n\r\n").as_bytes());
    }
    out.extend_from_slice(b"trailer\n");
    out.extend_from_slice(&renumber(trailer, &new)?);
    out.extend_from_slice(format!("startxref\n{xref}\n%%EOF").as_bytes());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_references_only() {
        let text = b"/Kids [5 0 R]\n/Length1 10 0 R\n/ca 0.6 0 R\n/X 12 0 Rx";
        let found: Vec<usize> = references(text).iter().map(|r| r.2).collect();
        assert_eq!(found, [5, 10]);
    }

    #[test]
    fn sorts_runs_of_reference_lines() {
        let head = b"<<\n  /ExtGState <<\n    /gs1 9 0 R\n    /gs0 8 0 R\n  >>\n  /Type /Page\n>>\n";
        let sorted = sort_reference_lines(head);
        assert_eq!(sorted, b"<<\n  /ExtGState <<\n    /gs0 8 0 R\n    /gs1 9 0 R\n  >>\n  /Type /Page\n>>\n".to_vec());
    }

    /// A PDF as pdf-writer lays it out, its objects numbered and ordered as given.
    fn pdf(objects: &[(usize, &str)], root: usize) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n%\x80\x80\x80\x80\n\n".to_vec();
        let mut offsets = vec![0; objects.len() + 1];
        for (n, body) in objects {
            offsets[*n] = out.len();
            out.extend_from_slice(format!("{n} 0 obj\n{body}\nendobj\n\n").as_bytes());
        }
        let xref = out.len();
        out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f\r\n", objects.len() + 1).as_bytes());
        for offset in &offsets[1..] {
            out.extend_from_slice(format!("{offset:010} 00000 n\r\n").as_bytes());
        }
        let trailer =
            format!("trailer\n<<\n  /Size {}\n  /Root {root} 0 R\n>>\nstartxref\n{xref}\n%%EOF", objects.len() + 1);
        out.extend_from_slice(trailer.as_bytes());
        out
    }

    #[test]
    fn two_orders_of_the_same_objects_become_one() {
        let stream = "<<\n  /Length 3\n>>\nstream\nabc\nendstream";
        let a = pdf(&[(1, "<<\n  /F <<\n    /fa 2 0 R\n    /fb 3 0 R\n  >>\n>>"), (2, stream), (3, "[2 0 R]")], 1);
        let b = pdf(&[(3, "<<\n  /F <<\n    /fb 1 0 R\n    /fa 2 0 R\n  >>\n>>"), (1, "[2 0 R]"), (2, stream)], 3);
        let (ca, cb) = (canonical(&a).expect("reads"), canonical(&b).expect("reads"));
        assert_eq!(String::from_utf8_lossy(&ca), String::from_utf8_lossy(&cb));
        let text = String::from_utf8_lossy(&ca).into_owned();
        assert!(text.contains("1 0 obj\n<<\n  /F <<\n    /fa 2 0 R\n    /fb 3 0 R\n  >>\n>>\nendobj"), "{text}");
        assert!(text.contains("2 0 obj\n<<\n  /Length 3\n>>\nstream\nabc\nendstream\nendobj"), "{text}");
        // The cross-reference table points at each object.
        for n in 1..=3 {
            let entry = find(&ca, b"xref\n", 0).expect("xref") + "xref\n0 4\n".len() + 20 * n;
            let offset: usize = std::str::from_utf8(&ca[entry..entry + 10]).expect("digits").parse().expect("offset");
            assert!(ca[offset..].starts_with(format!("{n} 0 obj\n").as_bytes()), "object {n}");
        }
    }

    #[test]
    fn other_layouts_are_refused() {
        assert!(canonical(b"%PDF-1.7\n\n1 0 obj\n<<>>\n").is_none());
        assert!(canonical(b"not a pdf").is_none());
    }
}
