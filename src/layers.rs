//! The layering rule of CONTRIBUTING.md ("Layers"), checked on the source text: every `crate::…` and
//! `super::…` path in `src/**/*.rs` (in `use` lines and in code, comments and strings left out) is
//! resolved to the module it names, and a module may name only modules below it in [`STACK`]. Commands
//! do not import each other, except the shared fan-out module; nothing but `lib` and `cli` imports the
//! local fleet (`local`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The stack, top first. A module may import the modules that come after it: those of the layers
/// below, and those listed after it in its own layer (so that a layer has no cycle either). Every
/// command (`commands/X`) sits in the layer of `commands`, beside `local`.
const STACK: &[&[&str]] = &[
    &["main"],
    &["lib"],
    &["cli"],
    &["commands", "local"],
    &["context"],
    &["engine"],
    // The table: which rows are an endpoint's, what a row holds, how the table is laid out.
    &["records", "ownership", "layout"],
    &["output", "aws", "config", "settings", "metrics"],
    &["time", "error", "signal", "sanitize", "key_counts"],
];

/// The command module every fan-out shares (push, broadcast, disconnect; `--messages` files).
const SHARED_COMMAND_MODULES: &[&str] = &["commands/fanout"];

/// Modules that only `lib` and `cli` may import.
const PRIVATE_TO_THE_DISPATCHER: &[&str] = &["local"];

/// Where a module sits: (layer, place in its layer).
fn position(module: &str) -> Option<(usize, usize)> {
    let name = if module.starts_with("commands/") {
        "commands"
    } else {
        module
    };
    STACK.iter().enumerate().find_map(|(layer, names)| {
        names
            .iter()
            .position(|n| *n == name)
            .map(|place| (layer, place))
    })
}

/// Why `from` may not import `to`; None when it may.
fn violation(from: &str, to: &str) -> Option<String> {
    if from == to {
        return None;
    }
    if PRIVATE_TO_THE_DISPATCHER.contains(&to) && !matches!(from, "lib" | "cli") {
        return Some(format!(
            "nothing but lib and cli imports `{to}` (the local fleet stays out of the core)"
        ));
    }
    if from.starts_with("commands/") && to.starts_with("commands/") {
        if SHARED_COMMAND_MODULES.contains(&to) {
            return None;
        }
        return Some(format!(
            "commands do not import each other (only the shared fan-out module): move what `{from}` takes from `{to}` down the stack or into the fan-out module"
        ));
    }
    if from == "commands" && to.starts_with("commands/") {
        return None;
    }
    let (Some(f), Some(t)) = (position(from), position(to)) else {
        return Some(format!(
            "`{from}` or `{to}` is not in the stack: place the module in STACK (src/layers.rs) and in CONTRIBUTING.md's Layers"
        ));
    };
    if t > f {
        return None;
    }
    let why = if t.0 == f.0 {
        "sideways (its own layer, not below it in the stack)"
    } else {
        "upward"
    };
    Some(format!("`{from}` imports `{to}` {why}"))
}

/// The module a file belongs to at the depth the rule speaks of: `src/X.rs` and `src/X/**` are `X`,
/// `src/commands/Y.rs` and `src/commands/Y/**` are `commands/Y`.
fn module_of(rel: &Path) -> String {
    let parts = module_path_of(rel);
    match parts.as_slice() {
        [] => "lib".into(),
        [first, second, ..] if first == "commands" => format!("commands/{second}"),
        [first, ..] => first.clone(),
    }
}

/// A file's module path (`src/engine/prune.rs` → `engine::prune`; `src/engine/mod.rs` → `engine`).
fn module_path_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.last_mut() {
        *last = last.trim_end_matches(".rs").to_string();
    }
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    if parts == ["main"] {
        return vec!["main".into()];
    }
    parts
}

/// The module a path from the crate root names; None for an item of the root (an exported macro).
fn target_of(path: &[String], modules: &BTreeSet<String>) -> Option<String> {
    let first = path.first()?;
    if first == "commands" {
        if let Some(second) = path.get(1) {
            let sub = format!("commands/{second}");
            if modules.contains(&sub) {
                return Some(sub);
            }
        }
        return Some("commands".into());
    }
    modules.contains(first).then(|| first.clone())
}

/// The text with comments and string and char literals blanked out (line breaks kept, so that line
/// numbers still hold).
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        match literal_or_comment_end(&chars, i) {
            Some(end) => {
                let end = end.min(chars.len());
                out.extend(
                    chars[i..end]
                        .iter()
                        .map(|c| if *c == '\n' { '\n' } else { ' ' }),
                );
                i = end;
            }
            None => {
                out.push(chars[i]);
                i += 1;
            }
        }
    }
    out
}

/// Where the comment or literal that starts at `i` ends (exclusive); None when none starts there (a
/// lifetime's quote, a raw identifier, code).
fn literal_or_comment_end(chars: &[char], i: usize) -> Option<usize> {
    let at = |k: usize| chars.get(k).copied();
    let after_ident = i > 0 && ident_char(chars.get(i - 1));
    match (at(i)?, at(i + 1)) {
        ('/', Some('/')) => Some(
            (i..chars.len())
                .find(|&k| chars[k] == '\n')
                .unwrap_or(chars.len()),
        ),
        ('/', Some('*')) => Some(block_comment_end(chars, i)),
        ('r', Some('"' | '#')) if !after_ident => raw_string_end(chars, i),
        ('"', _) => Some(string_end(chars, i)),
        // '\n', '\'', '\u{1F600}': the closing quote comes after the escaped character.
        ('\'', Some('\\')) => (i + 3..chars.len().min(i + 12))
            .find(|&k| chars[k] == '\'')
            .map(|k| k + 1),
        ('\'', _) => (at(i + 2) == Some('\'')).then_some(i + 3),
        _ => None,
    }
}

/// The end of a (nested) block comment that starts at `i`.
fn block_comment_end(chars: &[char], mut i: usize) -> usize {
    let mut depth = 0;
    while i < chars.len() {
        match (chars[i], chars.get(i + 1)) {
            ('/', Some('*')) => {
                depth += 1;
                i += 2;
            }
            ('*', Some('/')) => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    i
}

/// The end of a raw string (`r"…"`, `r#"…"#`) that starts at `i`; None for a raw identifier.
fn raw_string_end(chars: &[char], i: usize) -> Option<usize> {
    let hashes = chars[i + 1..].iter().take_while(|c| **c == '#').count();
    let open = i + 1 + hashes;
    if chars.get(open) != Some(&'"') {
        return None;
    }
    let closes = |k: usize| chars[k] == '"' && (1..=hashes).all(|h| chars.get(k + h) == Some(&'#'));
    (open + 1..chars.len())
        .find(|&k| closes(k))
        .map(|k| k + 1 + hashes)
        .or(Some(chars.len()))
}

/// The end of a string that starts at `i` (escapes skipped).
fn string_end(chars: &[char], i: usize) -> usize {
    let mut k = i + 1;
    while k < chars.len() && chars[k] != '"' {
        k += if chars[k] == '\\' { 2 } else { 1 };
    }
    k + 1
}

fn ident_char(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || *c == '_')
}

/// The paths a `crate::` / `super::` path names, groups expanded: `a::{b, c::d}` → [a, b], [a, c, d].
fn paths_at(
    chars: &[char],
    mut i: usize,
    prefix: Vec<String>,
    out: &mut Vec<Vec<String>>,
) -> usize {
    let mut path = prefix;
    loop {
        while chars.get(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
        }
        if chars.get(i) == Some(&'{') {
            i += 1;
            loop {
                i = paths_at(chars, i, path.clone(), out);
                while chars.get(i).is_some_and(|c| c.is_whitespace()) {
                    i += 1;
                }
                match chars.get(i) {
                    Some(',') => i += 1,
                    Some('}') => return i + 1,
                    _ => return i,
                }
                while chars.get(i).is_some_and(|c| c.is_whitespace()) {
                    i += 1;
                }
                if chars.get(i) == Some(&'}') {
                    return i + 1;
                }
            }
        }
        let start = i;
        while ident_char(chars.get(i)) {
            i += 1;
        }
        if start == i {
            break;
        }
        path.push(chars[start..i].iter().collect());
        if chars.get(i) == Some(&':') && chars.get(i + 1) == Some(&':') {
            i += 2;
        } else {
            break;
        }
    }
    if !path.is_empty() {
        out.push(path);
    }
    i
}

/// One import that breaks the rule.
#[derive(Debug)]
struct Violation {
    file: String,
    line: usize,
    text: String,
    why: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: `{}`: {}",
            self.file, self.line, self.text, self.why
        )
    }
}

/// The imports of one file (`rel`: its path under `src/`) that break the rule.
fn check_file(rel: &Path, text: &str, modules: &BTreeSet<String>) -> Vec<Violation> {
    let from = module_of(rel);
    let lines: Vec<&str> = text.lines().collect();
    let code: Vec<char> = code_only(text).chars().collect();
    crate_paths(rel, &code)
        .into_iter()
        .filter_map(|(line, path)| {
            let to = target_of(&path, modules)?;
            let why = violation(&from, &to)?;
            Some(Violation {
                file: format!("src/{}", rel.display()),
                line,
                text: lines.get(line - 1).map_or("", |l| l.trim()).to_string(),
                why,
            })
        })
        .collect()
}

/// Every `crate::…` and `super::…` path of a file's code, spelt from the crate root, with its line.
fn crate_paths(rel: &Path, code: &[char]) -> Vec<(usize, Vec<String>)> {
    let file_path = module_path_of(rel);
    let mut found = Vec::new();
    // Inline modules (`mod tests {`) and the brace depth each opened at: `super::` inside one is
    // that module's parent.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let (mut depth, mut line, mut i) = (0usize, 1, 0);
    while i < code.len() {
        match code[i] {
            '\n' => line += 1,
            '{' => depth += 1,
            '}' => {
                depth = depth.saturating_sub(1);
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
            }
            _ => {}
        }
        if i > 0 && ident_char(code.get(i - 1)) {
            i += 1;
            continue;
        }
        if let Some(name) = inline_module_at(code, i) {
            inline.push((name, depth));
        }
        let here: Vec<String> = file_path
            .iter()
            .chain(inline.iter().map(|(n, _)| n))
            .cloned()
            .collect();
        let Some((base, start)) = path_base(code, i, here) else {
            i += 1;
            continue;
        };
        let mut paths = Vec::new();
        let end = paths_at(code, start, base, &mut paths);
        found.extend(paths.into_iter().map(|p| (line, p)));
        line += code[i..end].iter().filter(|c| **c == '\n').count();
        i = end;
    }
    found
}

/// The name of an inline module (`mod tests {`) declared at `i`.
fn inline_module_at(code: &[char], i: usize) -> Option<String> {
    if !starts_with(code, i, "mod ") {
        return None;
    }
    let start = i + 4;
    let name_len = code[start..]
        .iter()
        .take_while(|c| ident_char(Some(c)))
        .count();
    let after = code[start + name_len..].iter().find(|c| **c != ' ');
    (name_len > 0 && after == Some(&'{')).then(|| code[start..start + name_len].iter().collect())
}

/// At a `crate::` or `super::` prefix: the module path it starts from (`here` is the module the
/// code is in) and where the rest of the path begins.
fn path_base(code: &[char], i: usize, mut here: Vec<String>) -> Option<(Vec<String>, usize)> {
    if starts_with(code, i, "crate::") {
        return Some((Vec::new(), i + 7));
    }
    if !starts_with(code, i, "super::") {
        return None;
    }
    let mut j = i;
    while starts_with(code, j, "super::") {
        here.pop();
        j += 7;
    }
    Some((here, j))
}

fn starts_with(code: &[char], i: usize, s: &str) -> bool {
    code[i..].iter().take(s.len()).copied().eq(s.chars())
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn every_module_imports_only_downward() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        let files: Vec<(PathBuf, PathBuf)> = files
            .into_iter()
            .map(|f| (f.strip_prefix(&src).expect("under src/").to_path_buf(), f))
            .filter(|(rel, _)| rel != Path::new("layers.rs"))
            .collect();
        let modules: BTreeSet<String> = files.iter().map(|(rel, _)| module_of(rel)).collect();
        let mut problems: Vec<String> = modules
            .iter()
            .filter(|m| position(m).is_none())
            .map(|m| format!("module `{m}` is not in the stack: place it in STACK (src/layers.rs) and in CONTRIBUTING.md's Layers"))
            .collect();
        for (rel, full) in &files {
            let text = std::fs::read_to_string(full).expect("a readable source file");
            problems.extend(
                check_file(rel, &text, &modules)
                    .iter()
                    .map(|v| v.to_string()),
            );
        }
        assert!(
            problems.is_empty(),
            "imports against the layering rule (CONTRIBUTING.md, Layers):\n{}",
            problems.join("\n")
        );
    }

    /// The checker itself: it must see upward, sideways and private imports, through `use` groups,
    /// paths in code and `super::`, and leave alone what is allowed. (The sources below spell the
    /// crate `CRATE` so that tools reading this file for its imports do not take them for its own.)
    #[test]
    fn the_check_finds_upward_sideways_and_private_imports() {
        let modules = set(&[
            "lib",
            "cli",
            "commands",
            "commands/push",
            "commands/sweep",
            "commands/fanout",
            "commands/connections",
            "commands/watch",
            "local",
            "context",
            "engine",
            "output",
            "settings",
            "records",
            "layout",
            "error",
            "time",
        ]);
        let check = |file: &str, text: &str| -> Vec<String> {
            check_file(
                Path::new(file),
                &text.replace("CRATE::", "crate::"),
                &modules,
            )
            .iter()
            .map(|v| v.to_string())
            .collect()
        };
        let upward = check("output.rs", "use CRATE::cli::Cli;\n");
        assert_eq!(upward.len(), 1, "{upward:?}");
        assert!(
            upward[0]
                .starts_with(&"src/output.rs:1: `use CRATE::cli::Cli;`".replace("CRATE", "crate")),
            "{upward:?}"
        );
        assert!(
            upward[0].contains("`output` imports `cli` upward"),
            "{upward:?}"
        );
        let grouped = check(
            "engine/prune.rs",
            "use std::x;\nuse CRATE::{error::Error, context::Ctx};\n",
        );
        assert_eq!(grouped.len(), 1, "{grouped:?}");
        assert!(grouped[0].contains("src/engine/prune.rs:2:"), "{grouped:?}");
        assert!(
            grouped[0].contains("`engine` imports `context` upward"),
            "{grouped:?}"
        );
        let sideways = check("commands/push.rs", "fn f() { super::sweep::run(); }\n");
        assert!(
            sideways.len() == 1 && sideways[0].contains("commands do not import each other"),
            "{sideways:?}"
        );
        let in_code = check(
            "layout.rs",
            "fn f() -> CRATE::time::X { CRATE::records::read() }\n",
        );
        assert!(
            in_code.len() == 1 && in_code[0].contains("`layout` imports `records` sideways"),
            "{in_code:?}"
        );
        let private = check("context.rs", "use CRATE::local::serve;\n");
        assert!(
            private.len() == 1 && private[0].contains("nothing but lib and cli imports `local`"),
            "{private:?}"
        );
        let unplaced = check("output.rs", "use CRATE::nowhere_new;\n");
        assert!(
            unplaced.is_empty(),
            "names that are not modules (exported macros) are not imports"
        );
        let allowed =
            "use CRATE::commands::fanout::{self, Selection};\nuse CRATE::error::Result;\n\
            // use CRATE::cli::Cli;\nconst S: &str = \"CRATE::cli::Cli\";\n\
            #[cfg(test)]\nmod tests {\n    use super::*;\n    fn f() { super::run(); }\n}\n";
        assert!(check("commands/push.rs", allowed).is_empty());
        assert!(
            !check(
                "commands/connections.rs",
                "use CRATE::commands::watch::WatchArgs;\n"
            )
            .is_empty(),
            "a command group's subcommands live inside it, not beside it"
        );
        assert!(check(
            "cli.rs",
            "use CRATE::local::LocalCommand;\nuse CRATE::commands;\n"
        )
        .is_empty());
        let module = check(
            "commands/push.rs",
            "mod inner {\n    use super::super::sweep::X;\n}\n",
        );
        assert!(
            module.len() == 1 && module[0].contains("src/commands/push.rs:2:"),
            "{module:?}"
        );
    }
}
