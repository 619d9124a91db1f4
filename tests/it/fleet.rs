//! Fleets like kubectl contexts: `wsctl fleet list|show|use`, the current fleet kept in the config
//! file and used by every command, the fleet named in destructive confirmations, and fleet names
//! completed by the generated bash, zsh, fish, PowerShell and elvish scripts.

use crate::fixture::{wsctl, Emulator, EmulatorOpts};
use serde_json::Value;

/// A config file with the emulator's fleet (`local`) and one on AWS (`prod`), comments included.
fn write_config(dir: &std::path::Path, em: &Emulator) -> std::path::PathBuf {
    let path = dir.join("config.toml");
    std::fs::write(
        &path,
        format!(
            "# my fleets\n[fleets.local]\ntable = \"{}\"\nendpoint = \"{}\"\ndynamodb_endpoint = \"{}\"\n\n\
             [fleets.prod]  # the real one\ntable = \"ws-connections\"\nregion = \"eu-west-1\"\n",
            em.table, em.endpoint, em.dynamodb_endpoint
        ),
    )
    .unwrap();
    path
}

fn run(cfg: &std::path::Path, args: &[&str]) -> std::process::Output {
    wsctl()
        .env("WSCTL_CONFIG", cfg)
        .args(args)
        .output()
        .unwrap()
}

fn json_of(out: &std::process::Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn fleet_use_makes_a_fleet_current_for_every_command() {
    let em = Emulator::start(EmulatorOpts::default());
    em.put_row(&[
        ("connectionId", "fleetrow00000A=".into()),
        ("userId", "u".into()),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(dir.path(), &em);

    // No current fleet yet: list shows both, none current; a command without --fleet has no table.
    let list = json_of(&run(&cfg, &["-o", "json", "fleet", "list"]));
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["local", "prod"]);
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["current"] == false));
    let ids = run(&cfg, &["fleet", "list", "-o", "ids"]);
    assert_eq!(String::from_utf8_lossy(&ids.stdout), "local\nprod\n");

    let used = json_of(&run(&cfg, &["-o", "json", "fleet", "use", "local"]));
    assert_eq!(used["current_fleet"], "local");
    let text = std::fs::read_to_string(&cfg).unwrap();
    assert!(
        text.starts_with("current_fleet = \"local\"\n# my fleets\n"),
        "{text}"
    );
    assert!(
        text.contains("[fleets.prod]  # the real one"),
        "comments kept: {text}"
    );

    // Every command now uses it: count reads the emulator's table with no flag at all.
    let count = json_of(&run(&cfg, &["-o", "json", "connections", "count"]));
    assert_eq!(count["rows"], 1, "{count}");
    assert_eq!(count["table"], em.table.as_str());
    let show = json_of(&run(&cfg, &["-o", "json", "fleet", "show"]));
    assert_eq!(show["name"], "local");
    assert_eq!(show["current"], true);
    let list = json_of(&run(&cfg, &["-o", "json", "fleet", "list"]));
    assert_eq!(list[0]["current"], true);
    // --fleet (and WSCTL_FLEET) still win over the current fleet.
    let show = json_of(&run(
        &cfg,
        &["-o", "json", "--fleet", "prod", "fleet", "show"],
    ));
    assert_eq!(show["name"], "prod");
    assert_eq!(show["region"], "eu-west-1");

    // The local fleet's commands never take the current fleet, which may be a fleet on AWS (only
    // one named with --fleet).
    let out = run(
        &cfg,
        &[
            "--debug",
            "local",
            "swarm",
            "--url",
            "ws://127.0.0.1:1/x",
            "-n",
            "0",
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("fleet: (none)"), "{err}");

    // A second `use` replaces the line instead of adding one.
    json_of(&run(&cfg, &["-o", "json", "fleet", "use", "prod"]));
    let text = std::fs::read_to_string(&cfg).unwrap();
    assert_eq!(text.matches("current_fleet").count(), 1, "{text}");
    assert!(text.starts_with("current_fleet = \"prod\"\n"), "{text}");
}

#[test]
fn unknown_fleets_are_config_errors_and_the_file_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "[fleets.a]\ntable = \"t\"\n").unwrap();
    let out = run(&cfg, &["fleet", "use", "nope"]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown fleet \"nope\"") && err.contains("known fleets: a"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&cfg).unwrap(),
        "[fleets.a]\ntable = \"t\"\n"
    );
    // A current fleet that no longer exists: commands say so (exit 3), `fleet` still works.
    std::fs::write(
        &cfg,
        "current_fleet = \"gone\"\n[fleets.a]\ntable = \"t\"\n",
    )
    .unwrap();
    let out = run(&cfg, &["connections", "count"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown fleet \"gone\""));
    let out = run(&cfg, &["fleet", "use", "a"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // No config file at all: an empty list, and `show` names the fix.
    let missing = dir.path().join("none.toml");
    let out = wsctl()
        .env("HOME", dir.path())
        .args(["fleet", "list", "-o", "ids"])
        .output()
        .unwrap();
    assert!(out.status.success() && out.stdout.is_empty());
    let out = run(&missing, &["fleet", "show"]);
    assert_eq!(out.status.code(), Some(3));
}

/// Off a terminal the refusal names the fleet, as the prompt would on a terminal.
#[test]
fn destructive_confirmations_name_the_fleet() {
    let em = Emulator::start(EmulatorOpts::default());
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(dir.path(), &em);
    json_of(&run(&cfg, &["-o", "json", "fleet", "use", "local"]));
    let out = run(&cfg, &["sweep"]);
    assert_eq!(out.status.code(), Some(7));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "refusing to sweep table {} of fleet local (about",
            em.table
        )),
        "{err}"
    );
    let out = run(&cfg, &["broadcast", "--all", "--data", "x"]);
    assert_eq!(out.status.code(), Some(7));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("in table {} of fleet local", em.table)),
        "{err}"
    );
}

/// Counts of a thousand and more are grouped in confirmations: the sweep's row count (DynamoDB
/// Local's DescribeTable counts items at once), a broadcast's bytes, a file's connection ids.
#[test]
fn confirmations_group_the_thousands() {
    let em = Emulator::start(EmulatorOpts::default());
    put_rows(&em, 1_234);
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(dir.path(), &em);
    json_of(&run(&cfg, &["-o", "json", "fleet", "use", "local"]));

    let out = run(&cfg, &["sweep"]);
    assert_eq!(out.status.code(), Some(7));
    let err = String::from_utf8_lossy(&out.stderr);
    let want = format!(
        "refusing to sweep table {} of fleet local (about 1,234 rows, ",
        em.table
    );
    assert!(err.contains(&want), "{err}");

    let data = "x".repeat(1_500);
    let out = run(&cfg, &["broadcast", "--all", "--data", &data]);
    assert_eq!(out.status.code(), Some(7));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("refusing to broadcast 1,500 bytes to every connection in table"),
        "{err}"
    );

    let ids: String = (0..1_001).map(|i| format!("id{i:010}=\n")).collect();
    let file = dir.path().join("ids.txt");
    std::fs::write(&file, ids).unwrap();
    let out = run(
        &cfg,
        &["disconnect", "--connection-file", file.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(7));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("refusing to disconnect 1,001 connection(s) listed in"),
        "{err}"
    );
}

/// `n` rows straight into the emulator's table.
fn put_rows(em: &Emulator, n: usize) {
    let rows: Vec<_> = (0..n)
        .map(|i| vec![("connectionId", format!("row{i:08}="))])
        .collect();
    em.put_rows(&rows);
}

/// Every script asks `wsctl fleet list -o ids` for fleet names; bash's really completes them.
#[test]
fn completion_scripts_complete_fleet_names() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = wsctl().args(["completions", shell]).output().unwrap();
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(script.contains("wsctl fleet list -o ids"), "{shell}");
    }
    let Ok(bash) = which("bash") else { return };
    let dir = tempfile::tempdir().unwrap();
    let cfg = two_fleet_config(dir.path());
    let bin_dir = wsctl_dir();
    let script = completion_script("bash");
    let script_path = dir.path().join("wsctl.bash");
    std::fs::write(&script_path, script).unwrap();
    for (line, want) in [
        ("wsctl --fleet ", "alpha beta"),
        ("wsctl fleet use ", "alpha beta"),
        ("wsctl --fleet al", "alpha"),
    ] {
        let words: Vec<&str> = line.split(' ').collect();
        let probe = format!(
            "source {}; COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE='{line}'; COMP_POINT={}; _wsctl wsctl \"${{COMP_WORDS[-1]}}\" \"${{COMP_WORDS[-2]}}\"; echo \"${{COMPREPLY[*]}}\"",
            script_path.display(),
            words.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(" "),
            words.len() - 1,
            line.len(),
        );
        let out = std::process::Command::new(&bash)
            .args(["-c", &probe])
            .env("PATH", format!("{}:/usr/bin:/bin", bin_dir.display()))
            .env("WSCTL_CONFIG", &cfg)
            .output()
            .unwrap();
        let got = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            got.trim(),
            want,
            "{line:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// fish, when it is installed: `complete -C` asks the generated script, as a TAB would.
#[test]
fn fish_completes_fleet_names_when_fish_is_installed() {
    let Ok(fish) = which("fish") else {
        eprintln!("fish is not installed: fish completion not exercised");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let cfg = two_fleet_config(dir.path());
    let script = dir.path().join("wsctl.fish");
    std::fs::write(&script, completion_script("fish")).unwrap();
    let bin_dir = wsctl_dir();
    for (line, want) in [
        ("wsctl --fleet ", "alpha beta"),
        ("wsctl sweep --fleet b", "beta"),
        ("wsctl fleet use ", "alpha beta"),
        ("wsctl fleet show a", "alpha"),
    ] {
        let out = std::process::Command::new(&fish)
            .args(["--no-config", "-c"])
            .arg(format!("source {}; complete -C '{line}'", script.display()))
            .env("PATH", format!("{}:/usr/bin:/bin", bin_dir.display()))
            .env("WSCTL_CONFIG", &cfg)
            .env("HOME", dir.path())
            .output()
            .unwrap();
        let got: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.split('\t').next().unwrap().to_string())
            .collect();
        assert_eq!(
            got.join(" "),
            want,
            "{line:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// elvish, when it is installed: the generated completer, run by elvish itself outside an
/// interactive session (so `edit:` is replaced: the completer becomes a variable, a candidate its text).
#[test]
fn elvish_completes_fleet_names_when_elvish_is_installed() {
    let Ok(elvish) = which("elvish") else {
        eprintln!("elvish is not installed: elvish completion not exercised");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let cfg = two_fleet_config(dir.path());
    let script = String::from_utf8(completion_script("elvish")).unwrap();
    let candidate =
        "edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc";
    assert!(
        script.contains(candidate),
        "the generated candidate changed shape"
    );
    let mut runnable = script
        .replace(
            "set edit:completion:arg-completer[wsctl] =",
            "var completer =",
        )
        .replace(candidate, "put $text");
    let cases = [
        ("wsctl --fleet ''", "alpha beta"),
        ("wsctl fleet use ''", "alpha beta"),
        ("wsctl fleet show a", "alpha beta"),
    ];
    for (words, _) in cases {
        runnable.push_str(&format!(
            "\n$completer {words} | each {{|x| print $x' ' }}; echo ''"
        ));
    }
    let path = dir.path().join("wsctl.elv");
    std::fs::write(&path, runnable).unwrap();
    let bin_dir = wsctl_dir();
    let out = std::process::Command::new(elvish)
        .arg(&path)
        .env("PATH", format!("{}:/usr/bin:/bin", bin_dir.display()))
        .env("WSCTL_CONFIG", &cfg)
        .env("HOME", dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let got: Vec<&str> = text.lines().map(str::trim).collect();
    // elvish filters candidates by the word typed itself: the completer offers every name.
    let want: Vec<&str> = cases.iter().map(|c| c.1).collect();
    assert_eq!(got, want, "{}", String::from_utf8_lossy(&out.stderr));
    // Elsewhere the generated candidates are untouched: options after `wsctl sweep -`.
    let check = format!(
        "{}\n$completer wsctl sweep '-' | each {{|x| echo $x }}",
        std::fs::read_to_string(&path).unwrap()
    );
    std::fs::write(&path, check).unwrap();
    let out = std::process::Command::new(which("elvish").unwrap())
        .arg(&path)
        .env("PATH", format!("{}:/usr/bin:/bin", bin_dir.display()))
        .env("WSCTL_CONFIG", &cfg)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("--dry-run"));
}

/// zsh, when it is installed: the script is valid zsh, and an interactive zsh (in a zpty) completes
/// fleet names through it. The completion system's `compadd` is wrapped to append what it offers to
/// a file, which the driver polls.
#[test]
fn zsh_completes_fleet_names_when_zsh_is_installed() {
    let Ok(zsh) = which("zsh") else {
        eprintln!("zsh is not installed: zsh completion not exercised");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let fpath = dir.path().join("fpath");
    std::fs::create_dir_all(&fpath).unwrap();
    let script = fpath.join("_wsctl");
    std::fs::write(&script, completion_script("zsh")).unwrap();
    let out = std::process::Command::new(&zsh)
        .arg("-n")
        .arg(&script)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let cfg = two_fleet_config(dir.path());
    let d = dir.path().display();
    let driver = dir.path().join("driver.zsh");
    std::fs::write(
        &driver,
        format!(
            r#"zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "fpath=({fp} \$fpath); autoload -U compinit; compinit -u -d {d}/zcompdump"
zpty -w z 'compadd () {{ if [[ ${{@[1,(i)(-|--)]}} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi; typeset -a __hits; builtin compadd -A __hits "$@"; (( $#__hits )) && print -l -- $__hits >> {d}/hits; builtin compadd "$@" }}'
zpty -w z "bindkey '^I' complete-word; touch {d}/ready"
for i in {{1..200}}; do [[ -e {d}/ready ]] && break; sleep 0.05; done
zpty -n -w z "$1"$'\t'
for i in {{1..200}}; do [[ -s {d}/hits ]] && break; sleep 0.05; done
cat {d}/hits
zpty -d z
"#,
            fp = fpath.display()
        ),
    )
    .unwrap();
    let bin_dir = wsctl_dir();
    for (line, want) in [
        ("wsctl --fleet ", "alpha beta"),
        ("wsctl sweep --fleet b", "beta"),
        ("wsctl fleet use ", "alpha beta"),
        ("wsctl fleet show ", "alpha beta"),
    ] {
        let _ = std::fs::remove_file(dir.path().join("hits"));
        let _ = std::fs::remove_file(dir.path().join("ready"));
        let out = std::process::Command::new(&zsh)
            .arg("-f")
            .arg(&driver)
            .arg(line)
            .env("PATH", format!("{}:/usr/bin:/bin", bin_dir.display()))
            .env("WSCTL_CONFIG", &cfg)
            .env("HOME", dir.path())
            .output()
            .unwrap();
        let got: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .map(String::from)
            .collect();
        assert_eq!(
            got.join(" "),
            want,
            "{line:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// PowerShell's script, read as text (pwsh is not a Debian package, so it rarely runs here): the
/// hook sits between the generated completer's command path and its candidates, asks for names after
/// `--fleet` and for the `fleet use|show` paths the completer really has, and the script's brackets
/// still pair up outside its strings and comments.
#[test]
fn powershell_script_asks_for_fleet_names_where_the_completer_can_use_them() {
    let out = wsctl()
        .args(["completions", "powershell"])
        .output()
        .unwrap();
    let script = String::from_utf8(out.stdout).unwrap();
    let at = |needle: &str| {
        let found: Vec<usize> = script.match_indices(needle).map(|(i, _)| i).collect();
        assert_eq!(found.len(), 1, "{needle:?} should occur once");
        found[0]
    };
    let command_path = at("}) -join ';'");
    let hook = at("$previous = @($commandElements");
    let asks = at("wsctl fleet list -o ids 2>$null");
    let candidates = at("$completions = @(switch ($command) {");
    let replaced = at("if ($afterFleetOption) {\n        $completions = @()\n    }");
    let joined = at("$completions += $fleetNames");
    let filtered = at("$completions.Where{");
    assert!(
        command_path < hook && hook < asks && asks < candidates,
        "{script}"
    );
    assert!(candidates < replaced && replaced < joined && joined < filtered);
    assert!(script.contains("$previous.Extent.Text -eq '--fleet'"));
    for path in ["wsctl;fleet;use", "wsctl;fleet;show"] {
        assert!(
            script[hook..candidates].contains(&format!("'{path}'")),
            "{path}"
        );
        assert!(
            script[candidates..].contains(&format!("        '{path}' {{\n")),
            "the completer has no {path} arm"
        );
    }
    assert_eq!(unpaired_brackets(&script), None);
}

/// The first bracket of a PowerShell script that does not pair up, outside strings and comments
/// (`'...'` with `''`, `"..."` with backtick escapes and `""`, `#` to the end of the line).
fn unpaired_brackets(script: &str) -> Option<String> {
    let mut open: Vec<(char, usize)> = Vec::new();
    let mut chars = script.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\'' | '"' => loop {
                match chars.next() {
                    None => return Some(format!("string at {i} never ends")),
                    Some((_, '`')) if c == '"' => {
                        chars.next();
                    }
                    Some((_, q)) if q == c => {
                        if chars.peek().map(|(_, n)| *n) == Some(c) {
                            chars.next();
                        } else {
                            break;
                        }
                    }
                    Some(_) => {}
                }
            },
            '#' => {
                for (_, n) in chars.by_ref() {
                    if n == '\n' {
                        break;
                    }
                }
            }
            '(' | '{' | '[' => open.push((c, i)),
            ')' | '}' | ']' => {
                let want = match c {
                    ')' => '(',
                    '}' => '{',
                    _ => '[',
                };
                match open.pop() {
                    Some((o, _)) if o == want => {}
                    other => return Some(format!("{c} at {i} closes {other:?}")),
                }
            }
            _ => {}
        }
    }
    open.pop().map(|(c, i)| format!("{c} at {i} never closed"))
}

#[test]
fn unpaired_brackets_are_found() {
    assert_eq!(unpaired_brackets("if ($a) { '(' + \"}\" } # )"), None);
    assert_eq!(unpaired_brackets("'it''s' \"`\"(\""), None);
    assert!(unpaired_brackets("{ ( }").is_some());
    assert!(unpaired_brackets("@(1, 2").is_some());
    assert!(unpaired_brackets("'open").is_some());
}

/// pwsh, when it is installed: `TabExpansion2` runs the registered completer as a TAB would.
#[test]
fn powershell_completes_fleet_names_when_pwsh_is_installed() {
    let Ok(pwsh) = which("pwsh") else {
        eprintln!("pwsh is not installed: PowerShell completion not exercised");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let cfg = two_fleet_config(dir.path());
    let script = dir.path().join("_wsctl.ps1");
    std::fs::write(&script, completion_script("powershell")).unwrap();
    let bin_dir = wsctl_dir();
    for (line, want) in [
        ("wsctl --fleet ", "alpha beta"),
        ("wsctl sweep --fleet b", "beta"),
        ("wsctl fleet use ", "alpha beta"),
        ("wsctl fleet show a", "alpha"),
    ] {
        let probe = format!(
            ". '{}'; (TabExpansion2 -inputScript '{line}' -cursorColumn {}).CompletionMatches | ForEach-Object {{ $_.CompletionText }}",
            script.display(),
            line.len()
        );
        let out = std::process::Command::new(&pwsh)
            .args(["-NoProfile", "-NonInteractive", "-Command", &probe])
            .env("PATH", format!("{}:/usr/bin:/bin", bin_dir.display()))
            .env("WSCTL_CONFIG", &cfg)
            .env("HOME", dir.path())
            .output()
            .unwrap();
        let got: Vec<&str> = std::str::from_utf8(&out.stdout)
            .unwrap()
            .split_whitespace()
            .collect();
        assert_eq!(
            got.join(" "),
            want,
            "{line:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn which(name: &str) -> Result<std::path::PathBuf, ()> {
    for dir in ["/usr/bin", "/bin"] {
        let p = std::path::Path::new(dir).join(name);
        if p.exists() {
            return Ok(p);
        }
    }
    Err(())
}

/// A config file with the fleets `alpha` and `beta`, for the completion tests.
fn two_fleet_config(dir: &std::path::Path) -> std::path::PathBuf {
    let cfg = dir.join("config.toml");
    std::fs::write(&cfg, "[fleets.alpha]\n[fleets.beta]\n").unwrap();
    cfg
}

/// The completion script wsctl generates for `shell`.
fn completion_script(shell: &str) -> Vec<u8> {
    wsctl()
        .args(["completions", shell])
        .output()
        .unwrap()
        .stdout
}

/// The directory of the wsctl binary under test: a shell's completer calls `wsctl` from `PATH`.
fn wsctl_dir() -> std::path::PathBuf {
    crate::fixture::wsctl_bin().parent().unwrap().to_path_buf()
}
