//! Files that the generator and the user share: `Cargo.toml`. A run rewrites
//! the header and the part between the `# ---- generated` and `# ---- end of
//! generated part` lines; `[package]` (from the first table header to the
//! first of those lines) and the tail after the second are the user's, kept
//! as found except the package name, which is the generator's to set.

use crate::render::{GENERATED_BEGIN, GENERATED_END};
use std::path::Path;

/// Whether a generated file has parts the user owns.
pub(crate) fn has_kept_parts(path: &Path) -> bool {
    path == Path::new("Cargo.toml")
}

/// A manifest cut into its parts, each with its line ends.
struct Parts<'a> {
    header: &'a str,
    package: &'a str,
    generated: &'a str,
    tail: &'a str,
}

/// The lines are matched by their beginnings, so rewording the rest of a
/// marker line does not orphan the manifests written before.
fn marker_prefix(line: &str) -> &str {
    let dashes = line.find("---- ").expect("markers start with dashes") + "---- ".len();
    let word_end = line[dashes..].find(':').map_or(line.len(), |i| dashes + i);
    &line[..word_end]
}

fn split(text: &str) -> Option<Parts<'_>> {
    let mut offset = 0;
    let (mut package_start, mut begin, mut end) = (None, None, None);
    for line in text.split_inclusive('\n') {
        if package_start.is_none() && line.starts_with('[') {
            package_start = Some(offset);
        }
        if begin.is_none() && line.starts_with(marker_prefix(GENERATED_BEGIN)) {
            begin = Some(offset);
        } else if begin.is_some() && end.is_none() && line.starts_with(marker_prefix(GENERATED_END)) {
            end = Some(offset + line.len());
        }
        offset += line.len();
    }
    let (begin, end) = (begin?, end?);
    let package_start = package_start.filter(|&start| start < begin).unwrap_or(begin);
    Some(Parts {
        header: &text[..package_start],
        package: &text[package_start..begin],
        generated: &text[begin..end],
        tail: &text[end..],
    })
}

/// The `name = "…"` line of a package part.
fn name_line(package: &str) -> Option<&str> {
    package.lines().find(|line| line.split('=').next().is_some_and(|key| key.trim() == "name"))
}

/// The package name of a manifest the generator wrote, as it stands on disk.
pub(crate) fn package_name(manifest: &str) -> Option<String> {
    let line = name_line(split(manifest)?.package)?;
    let value = line.split_once('=')?.1.trim();
    let unquoted = value.strip_prefix('"')?.strip_suffix('"')?;
    Some(unquoted.to_owned())
}

/// What a run leaves in a file with kept parts: the `fresh` header and
/// generated part around what the user has in `on_disk`. An error when the
/// file on disk is not one the generator wrote: it is never overwritten.
pub(crate) fn merge(path: &Path, fresh: &str, on_disk: Option<&str>) -> Result<String, String> {
    let fresh = split(fresh).expect("the generator writes both marker lines");
    let Some(on_disk) = on_disk else {
        return Ok(format!("{}{}{}{}", fresh.header, fresh.package, fresh.generated, fresh.tail));
    };
    let Some(kept) = split(on_disk) else {
        return Err(format!(
            "{} exists but was not written by generator: it lacks the lines `{}…` and `{}…`. \
             Move it away (the generator writes a new one), or add those two lines around the \
             [features] and [dependencies] tables for the generator to own",
            path.display(),
            marker_prefix(GENERATED_BEGIN),
            marker_prefix(GENERATED_END),
        ));
    };
    let package = match (name_line(kept.package), name_line(fresh.package)) {
        (Some(old), Some(new)) if old != new => kept.package.replacen(old, new, 1),
        _ => kept.package.to_owned(),
    };
    Ok(format!("{}{}{}{}", fresh.header, package, fresh.generated, kept.tail))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(name: &str, generated: &str, tail: &str) -> String {
        format!(
            "# header\n\n[package]\nname = \"{name}\"\nversion = \"0.1.0\"\n\n{GENERATED_BEGIN}\n{generated}{GENERATED_END}\n{tail}"
        )
    }

    #[test]
    fn a_new_manifest_is_written_as_generated() {
        let fresh = manifest("api", "[dependencies]\n", "");
        assert_eq!(merge(Path::new("Cargo.toml"), &fresh, None).unwrap(), fresh);
    }

    #[test]
    fn the_package_and_the_tail_are_kept_and_the_generated_part_replaced() {
        let on_disk =
            manifest("api", "[dependencies]\nold = \"1\"\n", "anyhow = \"1\"\n\n[dev-dependencies]\nx = \"2\"\n")
                .replace("version = \"0.1.0\"", "version = \"2.0.0\"\nlicense = \"MIT\"");
        let fresh = manifest("api", "[dependencies]\nnew = \"1\"\n", "");
        let merged = merge(Path::new("Cargo.toml"), &fresh, Some(&on_disk)).unwrap();
        assert_eq!(merged, on_disk.replace("old = \"1\"", "new = \"1\""));
        assert_eq!(package_name(&merged).as_deref(), Some("api"));
    }

    #[test]
    fn the_name_is_the_generators() {
        let on_disk = manifest("old-name", "", "");
        let merged = merge(Path::new("Cargo.toml"), &manifest("new-name", "", ""), Some(&on_disk)).unwrap();
        assert_eq!(package_name(&merged).as_deref(), Some("new-name"));
    }

    #[test]
    fn a_hand_written_manifest_is_refused() {
        let error = merge(Path::new("out/Cargo.toml"), &manifest("api", "", ""), Some("[package]\nname = \"x\"\n"))
            .unwrap_err();
        assert!(error.starts_with("out/Cargo.toml exists but was not written by generator"), "{error}");
    }
}
