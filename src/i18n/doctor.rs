//! What `findings doctor` says of each finding, Vietnamese and English: what is wrong (or
//! right), and the fix. One `match` per language over every finding, so a finding without
//! words in either is a compile error. Values from outside (a locale, `TERM`, a path, a
//! message) are made one safe line first.

use super::Lang;
use crate::model::doctor::{Colours, Finding, Level};
use crate::model::files::shown;
use crate::model::team::Lack;
use crate::model::text::inline;

/// A finding in words: what was found, and what to do about it (`None`: nothing to do).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Said {
    pub what: String,
    pub fix: Option<String>,
}

/// The mark a check's line starts with.
pub fn level(lang: Lang, level: Level) -> &'static str {
    match (lang, level) {
        (Lang::En, Level::Ok) => "ok",
        (Lang::En, Level::Warn) => "warn",
        (Lang::En, Level::Fail) => "FAIL",
        (Lang::Vi, Level::Ok) => "ổn",
        (Lang::Vi, Level::Warn) => "chú ý",
        (Lang::Vi, Level::Fail) => "LỖI",
    }
}

/// The word before a fix.
pub fn fix_label(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "fix",
        Lang::Vi => "cách sửa",
    }
}

/// The last line: how many problems and warnings.
pub fn summary(lang: Lang, fails: usize, warnings: usize) -> String {
    match (lang, fails, warnings) {
        (Lang::En, 0, 0) => "Everything looks right.".into(),
        (Lang::En, f, w) => format!("{f} problem(s), {w} warning(s)."),
        (Lang::Vi, 0, 0) => "Mọi thứ đều ổn.".into(),
        (Lang::Vi, f, w) => format!("{f} lỗi, {w} điều cần chú ý."),
    }
}

/// `finding` in `lang`.
pub fn said(lang: Lang, finding: &Finding) -> Said {
    match lang {
        Lang::En => english(finding),
        Lang::Vi => vietnamese(finding),
    }
}

fn said_as(what: String, fix: Option<String>) -> Said {
    Said { what, fix }
}

fn colours_en(c: Colours) -> &'static str {
    match c {
        Colours::Off => "no colour (NO_COLOR is set: reverse video, bold and underline only)",
        Colours::Direct => "24-bit colour",
        Colours::Indexed => "256 colours",
        Colours::Basic => "16 colours (enough: the themes use only those)",
    }
}

fn colours_vi(c: Colours) -> &'static str {
    match c {
        Colours::Off => "không màu (NO_COLOR đã đặt: chỉ đảo màu, đậm và gạch chân)",
        Colours::Direct => "màu 24-bit",
        Colours::Indexed => "256 màu",
        Colours::Basic => "16 màu (đủ: các giao diện chỉ dùng chừng ấy)",
    }
}

const LOCALE_FIX: &str = "export LANG=C.UTF-8";

fn english(finding: &Finding) -> Said {
    use Finding as F;
    let p = |path: &std::path::Path| shown(path);
    match finding {
        F::Utf8Locale { variable, value } => said_as(
            format!("locale: {variable}={} (UTF-8)", inline(value)),
            None,
        ),
        F::NotUtf8Locale { variable, value } => said_as(
            format!(
                "locale: {variable}={} is not UTF-8: Vietnamese letters show as ? or break \
                 the screen's columns",
                inline(value)
            ),
            Some(format!(
                "{LOCALE_FIX} (or vi_VN.UTF-8, en_US.UTF-8 if installed) in ~/.profile, \
                 then log in again{}",
                match *variable {
                    "LANG" => "",
                    _ => "; unset the variable named or set it to a UTF-8 locale",
                }
            )),
        ),
        F::NoLocale => said_as(
            "locale: none of LC_ALL, LC_CTYPE, LANG is set: the C locale, not UTF-8".into(),
            Some(format!("{LOCALE_FIX} in ~/.profile, then log in again")),
        ),
        F::Terminal { term, colours } => said_as(
            format!("terminal: TERM={}, {}", inline(term), colours_en(*colours)),
            None,
        ),
        F::NoTerm => said_as(
            "terminal: TERM is not set: the browser cannot tell what the terminal can do".into(),
            Some(
                "run findings in a terminal (ssh -t passes TERM on), or export \
                 TERM=xterm-256color"
                    .into(),
            ),
        ),
        F::DumbTerm => said_as(
            "terminal: TERM=dumb cannot move the cursor: the browser cannot draw".into(),
            Some(
                "export TERM=xterm-256color (or what your terminal is); the commands \
                 (findings search …) work anywhere"
                    .into(),
            ),
        ),
        F::ConfigRead { path: None, .. } => {
            said_as("config: no config file; the defaults are used".into(), None)
        }
        F::ConfigRead {
            path: Some(path),
            warnings,
        } => match warnings.first() {
            None => said_as(format!("config: {} reads", p(path)), None),
            Some(first) => said_as(
                format!(
                    "config: {} reads, with {} warning(s): {}",
                    p(path),
                    warnings.len(),
                    inline(first)
                ),
                Some("findings config shows them all; correct the names it points at".into()),
            ),
        },
        F::ConfigBroken { path, errors } => said_as(
            format!(
                "config: {} does not parse ({} error(s)): {}",
                p(path),
                errors.len(),
                errors.first().map(|e| inline(e)).unwrap_or_default()
            ),
            Some(
                "correct it (findings config shows every error), or move it away; findings \
                 config --default prints one with every setting"
                    .into(),
            ),
        ),
        F::NoConfigFolder => said_as(
            "config: no config folder (HOME and XDG_CONFIG_HOME are not set)".into(),
            Some("set HOME".into()),
        ),
        F::DataLoaded {
            records,
            files,
            warnings,
        } => said_as(
            format!(
                "data: {records} records from {files} file(s){}",
                match warnings {
                    0 => String::new(),
                    w => format!(", {w} warning(s)"),
                }
            ),
            (*warnings > 0).then(|| "findings check lists them, file:line:column".into()),
        ),
        F::DataInvalid {
            errors,
            warnings,
            first,
        } => said_as(
            format!(
                "data: {errors} error(s), {warnings} warning(s): the data cannot be used; the \
                 first: {first}"
            ),
            Some("findings check lists them, file:line:column; correct the files".into()),
        ),
        F::ReviewFolderMissing { folder } => said_as(
            format!("review file: its folder {} does not exist", p(folder)),
            Some(format!(
                "check FINDINGS_REVIEW_DB, --review-db and review_db in the config; for a \
                 team: sudo findings team init {} --group GROUP",
                p(folder)
            )),
        ),
        F::ReviewFolderLater { folder } => said_as(
            format!(
                "review file: private, in {} (made at the first mark)",
                p(folder)
            ),
            None,
        ),
        F::ReviewOnNetwork { folder, kind } => said_as(
            format!(
                "review file: {} is on a network filesystem ({kind}): SQLite's locking is not \
                 safe there, marks may be lost",
                p(folder)
            ),
            Some(
                "keep the review file on a local disk of the server: sudo findings team init \
                 /srv/findings --group GROUP, and point FINDINGS_REVIEW_DB there"
                    .into(),
            ),
        ),
        F::ReviewPrivate { file } => said_as(format!("review file: {} (private)", p(file)), None),
        F::ReviewShared { folder, group } => said_as(
            format!(
                "review file: the team folder {} is the group {group}'s, group-writable, setgid",
                p(folder)
            ),
            None,
        ),
        F::ReviewLack {
            lack,
            folder,
            group,
        } => lack_en(lack, &crate::model::team::shell_word(&p(folder)), group),
        F::ReviewReadOnly { file } => said_as(
            format!("review file: {} cannot be written by you", p(file)),
            Some(format!(
                "ask to be added to the team's group (then log in again), or have an \
                 administrator run: sudo findings team init {}",
                p(file.parent().unwrap_or(file))
            )),
        ),
        F::SchemaCurrent { version } => {
            said_as(format!("review file: schema {version}, current"), None)
        }
        F::SchemaOlder { version } => said_as(
            format!(
                "review file: schema {version}, older than this findings' (brought up to date \
                 at the next mark)"
            ),
            None,
        ),
        F::SchemaNoFile { file } => said_as(
            format!(
                "review file: {} does not exist yet (the first mark makes it)",
                p(file)
            ),
            None,
        ),
        F::SchemaUnreadable { message } => said_as(
            format!("review file: {}", inline(message)),
            Some("point FINDINGS_REVIEW_DB (or --review-db) at the team's review file".into()),
        ),
        F::NoMultiplexer => said_as(
            "copying: not inside tmux or screen: y sends the text to your terminal (OSC 52), \
             if it allows"
                .into(),
            None,
        ),
        F::Tmux {
            set_clipboard: Some(value),
        } if value == "on" || value == "external" => said_as(
            format!(
                "copying: inside tmux, set-clipboard {}: y reaches tmux's buffer and your \
                 terminal's clipboard",
                inline(value)
            ),
            None,
        ),
        F::Tmux {
            set_clipboard: Some(value),
        } => said_as(
            format!(
                "copying: inside tmux, set-clipboard {}: y reaches tmux's buffer only, not \
                 your terminal's clipboard",
                inline(value)
            ),
            Some(
                "add set -g set-clipboard on to ~/.tmux.conf (then tmux source ~/.tmux.conf)"
                    .into(),
            ),
        ),
        F::Tmux {
            set_clipboard: None,
        } => said_as(
            "copying: inside tmux, which did not say its set-clipboard: y may reach only \
             tmux's buffer"
                .into(),
            Some(
                "check tmux show -gv set-clipboard says on or external (tmux 3.2 or newer)".into(),
            ),
        ),
        F::Screen => said_as(
            "copying: inside GNU screen: y passes the text through screen to your terminal \
             (OSC 52), if the terminal allows"
                .into(),
            None,
        ),
        F::CacheLater { folder } => {
            said_as(format!("cache: {} (made when needed)", p(folder)), None)
        }
        F::CacheWritable { folder } => said_as(format!("cache: {} is writable", p(folder)), None),
        F::CacheNotWritable { folder } => said_as(
            format!("cache: {} cannot be written by you", p(folder)),
            Some(format!(
                "chmod u+rwx {f}, or remove it (it holds nothing that cannot be made again): \
                 rm -r {f}",
                f = p(folder)
            )),
        ),
        F::CacheNotFolder { folder } => said_as(
            format!("cache: {} is not a folder", p(folder)),
            Some(format!("remove it: rm {}", p(folder))),
        ),
        F::CacheNotOurs { folder } => said_as(
            format!(
                "cache: {} is a link or another account's folder: findings never uses it, and \
                 every run reads the files again",
                p(folder)
            ),
            Some(format!(
                "move it away (findings makes its own): mv {f} {f}.old; or use a folder of \
                 your own in XDG_CACHE_HOME",
                f = p(folder)
            )),
        ),
        F::CacheUnmakeable { folder, nearest } => said_as(
            format!(
                "cache: {} cannot be made: {} is not a folder you can write, so every run reads \
                 the files again",
                p(folder),
                p(nearest)
            ),
            Some("use a folder of your own: export XDG_CACHE_HOME=\"$HOME/.cache\"".into()),
        ),
        F::NoCacheFolder => said_as(
            "cache: no cache folder (HOME and XDG_CACHE_HOME are not set)".into(),
            Some("set HOME".into()),
        ),
    }
}

fn lack_en(lack: &Lack, folder: &str, group: &str) -> Said {
    // Root's group is never the team's: the fix names the team's instead.
    let team = if group == "root" { "GROUP" } else { group };
    match lack {
        Lack::FolderNotGroupWritable => said_as(
            format!(
                "review file: the folder {folder} is not group-writable: a teammate cannot make \
                 the -wal and -shm SQLite needs, and meets \"attempt to write a readonly \
                 database\""
            ),
            Some(format!(
                "sudo findings team init {folder} --group GROUP (or: sudo chmod g+rwxs \
                 {folder})"
            )),
        ),
        Lack::FolderNotSetgid => said_as(
            format!(
                "review file: the folder {folder} has no setgid bit: a -wal or -shm a teammate \
                 makes takes their own group, not {group}, and the next one cannot write"
            ),
            Some(format!(
                "sudo findings team init {folder} --group {team} (or: sudo chmod g+s {folder})"
            )),
        ),
        Lack::FileNotGroupWritable(file) => said_as(
            format!(
                "review file: {} is not group-writable: teammates cannot write",
                shown(file)
            ),
            Some(format!(
                "sudo findings team init {folder} (or: sudo chmod g+rw {})",
                shown(file)
            )),
        ),
        Lack::FileOfOtherGroup(file) => said_as(
            format!(
                "review file: {} is not of the folder's group {group}: teammates cannot write",
                shown(file)
            ),
            Some(format!(
                "sudo findings team init {folder} (or: sudo chgrp {group} {})",
                shown(file)
            )),
        ),
    }
}

fn vietnamese(finding: &Finding) -> Said {
    use Finding as F;
    let p = |path: &std::path::Path| shown(path);
    match finding {
        F::Utf8Locale { variable, value } => said_as(
            format!("ngôn ngữ hệ thống: {variable}={} (UTF-8)", inline(value)),
            None,
        ),
        F::NotUtf8Locale { variable, value } => said_as(
            format!(
                "ngôn ngữ hệ thống: {variable}={} không phải UTF-8: chữ tiếng Việt hiện thành \
                 dấu ? hoặc làm lệch cột trên màn hình",
                inline(value)
            ),
            Some(format!(
                "thêm {LOCALE_FIX} (hoặc vi_VN.UTF-8, en_US.UTF-8 nếu máy có) vào \
                 ~/.profile rồi đăng nhập lại{}",
                match *variable {
                    "LANG" => "",
                    _ => "; bỏ biến vừa nêu hoặc đặt nó thành một locale UTF-8",
                }
            )),
        ),
        F::NoLocale => said_as(
            "ngôn ngữ hệ thống: chưa đặt LC_ALL, LC_CTYPE hay LANG: dùng locale C, không phải \
             UTF-8"
                .into(),
            Some(format!(
                "thêm {LOCALE_FIX} vào ~/.profile rồi đăng nhập lại"
            )),
        ),
        F::Terminal { term, colours } => said_as(
            format!("terminal: TERM={}, {}", inline(term), colours_vi(*colours)),
            None,
        ),
        F::NoTerm => said_as(
            "terminal: chưa đặt TERM: giao diện không biết terminal làm được gì".into(),
            Some(
                "chạy findings trong một terminal (ssh -t chuyển TERM sang), hoặc export \
                 TERM=xterm-256color"
                    .into(),
            ),
        ),
        F::DumbTerm => said_as(
            "terminal: TERM=dumb không di chuyển được con trỏ: giao diện không vẽ được".into(),
            Some(
                "export TERM=xterm-256color (hoặc đúng loại terminal của bạn); các lệnh \
                 (findings search …) vẫn chạy ở mọi nơi"
                    .into(),
            ),
        ),
        F::ConfigRead { path: None, .. } => said_as(
            "tệp cấu hình: không có; dùng các giá trị mặc định".into(),
            None,
        ),
        F::ConfigRead {
            path: Some(path),
            warnings,
        } => match warnings.first() {
            None => said_as(format!("tệp cấu hình: {} đọc được", p(path)), None),
            Some(first) => said_as(
                format!(
                    "tệp cấu hình: {} đọc được, có {} cảnh báo: {}",
                    p(path),
                    warnings.len(),
                    inline(first)
                ),
                Some("findings config liệt kê tất cả; sửa các tên được chỉ ra".into()),
            ),
        },
        F::ConfigBroken { path, errors } => said_as(
            format!(
                "tệp cấu hình: {} không đọc được ({} lỗi): {}",
                p(path),
                errors.len(),
                errors.first().map(|e| inline(e)).unwrap_or_default()
            ),
            Some(
                "sửa tệp (findings config chỉ ra từng lỗi) hoặc chuyển nó đi chỗ khác; \
                 findings config --default in ra một tệp đủ mọi thiết lập"
                    .into(),
            ),
        ),
        F::NoConfigFolder => said_as(
            "tệp cấu hình: không có thư mục cấu hình (chưa đặt HOME và XDG_CONFIG_HOME)".into(),
            Some("đặt HOME".into()),
        ),
        F::DataLoaded {
            records,
            files,
            warnings,
        } => said_as(
            format!(
                "dữ liệu: {records} bản ghi từ {files} tệp{}",
                match warnings {
                    0 => String::new(),
                    w => format!(", {w} cảnh báo"),
                }
            ),
            (*warnings > 0).then(|| "findings check liệt kê chúng, theo tệp:dòng:cột".into()),
        ),
        F::DataInvalid {
            errors,
            warnings,
            first,
        } => said_as(
            format!(
                "dữ liệu: {errors} lỗi, {warnings} cảnh báo: không dùng được dữ liệu; lỗi \
                 đầu tiên: {first}"
            ),
            Some("findings check liệt kê chúng, theo tệp:dòng:cột; hãy sửa các tệp".into()),
        ),
        F::ReviewFolderMissing { folder } => said_as(
            format!("tệp xem xét: thư mục {} không tồn tại", p(folder)),
            Some(format!(
                "kiểm tra FINDINGS_REVIEW_DB, --review-db và review_db trong tệp cấu hình; \
                 cho cả nhóm: sudo findings team init {} --group NHÓM",
                p(folder)
            )),
        ),
        F::ReviewFolderLater { folder } => said_as(
            format!(
                "tệp xem xét: riêng của bạn, trong {} (tạo khi đánh dấu lần đầu)",
                p(folder)
            ),
            None,
        ),
        F::ReviewOnNetwork { folder, kind } => said_as(
            format!(
                "tệp xem xét: {} nằm trên ổ mạng ({kind}): khóa của SQLite không an toàn ở đó, \
                 có thể mất đánh dấu",
                p(folder)
            ),
            Some(
                "để tệp xem xét trên ổ đĩa của chính máy chủ: sudo findings team init \
                 /srv/findings --group NHÓM, rồi trỏ FINDINGS_REVIEW_DB vào đó"
                    .into(),
            ),
        ),
        F::ReviewPrivate { file } => {
            said_as(format!("tệp xem xét: {} (riêng của bạn)", p(file)), None)
        }
        F::ReviewShared { folder, group } => said_as(
            format!(
                "tệp xem xét: thư mục nhóm {} thuộc nhóm {group}, nhóm ghi được, có setgid",
                p(folder)
            ),
            None,
        ),
        F::ReviewLack {
            lack,
            folder,
            group,
        } => lack_vi(lack, &crate::model::team::shell_word(&p(folder)), group),
        F::ReviewReadOnly { file } => said_as(
            format!("tệp xem xét: bạn không ghi được {}", p(file)),
            Some(format!(
                "xin được thêm vào nhóm của tổ (rồi đăng nhập lại), hoặc nhờ quản trị viên \
                 chạy: sudo findings team init {}",
                p(file.parent().unwrap_or(file))
            )),
        ),
        F::SchemaCurrent { version } => {
            said_as(format!("tệp xem xét: lược đồ {version}, mới nhất"), None)
        }
        F::SchemaOlder { version } => said_as(
            format!(
                "tệp xem xét: lược đồ {version}, cũ hơn bản findings này (được cập nhật ở lần \
                 đánh dấu tới)"
            ),
            None,
        ),
        F::SchemaNoFile { file } => said_as(
            format!(
                "tệp xem xét: {} chưa có (lần đánh dấu đầu tiên sẽ tạo)",
                p(file)
            ),
            None,
        ),
        F::SchemaUnreadable { message } => said_as(
            format!("tệp xem xét: {}", inline(message)),
            Some("trỏ FINDINGS_REVIEW_DB (hoặc --review-db) vào tệp xem xét của nhóm".into()),
        ),
        F::NoMultiplexer => said_as(
            "sao chép: không ở trong tmux hay screen: y gửi văn bản tới terminal của bạn (OSC \
             52), nếu terminal cho phép"
                .into(),
            None,
        ),
        F::Tmux {
            set_clipboard: Some(value),
        } if value == "on" || value == "external" => said_as(
            format!(
                "sao chép: trong tmux, set-clipboard {}: y tới bộ đệm của tmux và bộ nhớ tạm \
                 của terminal",
                inline(value)
            ),
            None,
        ),
        F::Tmux {
            set_clipboard: Some(value),
        } => said_as(
            format!(
                "sao chép: trong tmux, set-clipboard {}: y chỉ tới bộ đệm của tmux, không tới \
                 bộ nhớ tạm của terminal",
                inline(value)
            ),
            Some(
                "thêm set -g set-clipboard on vào ~/.tmux.conf (rồi tmux source ~/.tmux.conf)"
                    .into(),
            ),
        ),
        F::Tmux {
            set_clipboard: None,
        } => said_as(
            "sao chép: trong tmux, nhưng tmux không cho biết set-clipboard: y có thể chỉ tới \
             bộ đệm của tmux"
                .into(),
            Some(
                "kiểm tra tmux show -gv set-clipboard trả về on hoặc external (tmux 3.2 trở lên)"
                    .into(),
            ),
        ),
        F::Screen => said_as(
            "sao chép: trong GNU screen: y chuyển văn bản qua screen tới terminal (OSC 52), \
             nếu terminal cho phép"
                .into(),
            None,
        ),
        F::CacheLater { folder } => said_as(format!("bộ đệm: {} (tạo khi cần)", p(folder)), None),
        F::CacheWritable { folder } => said_as(format!("bộ đệm: {} ghi được", p(folder)), None),
        F::CacheNotWritable { folder } => said_as(
            format!("bộ đệm: bạn không ghi được {}", p(folder)),
            Some(format!(
                "chmod u+rwx {f}, hoặc xóa nó (không có gì trong đó không tạo lại được): \
                 rm -r {f}",
                f = p(folder)
            )),
        ),
        F::CacheNotFolder { folder } => said_as(
            format!("bộ đệm: {} không phải thư mục", p(folder)),
            Some(format!("xóa nó: rm {}", p(folder))),
        ),
        F::CacheNotOurs { folder } => said_as(
            format!(
                "bộ đệm: {} là liên kết hoặc thư mục của tài khoản khác: findings không bao giờ \
                 dùng nó, mỗi lần chạy đều đọc lại các tệp",
                p(folder)
            ),
            Some(format!(
                "chuyển nó đi (findings tự tạo thư mục mới): mv {f} {f}.old; hoặc đặt \
                 XDG_CACHE_HOME là một thư mục của riêng bạn",
                f = p(folder)
            )),
        ),
        F::CacheUnmakeable { folder, nearest } => said_as(
            format!(
                "bộ đệm: không tạo được {}: {} không phải thư mục bạn ghi được, nên mỗi lần chạy \
                 đều đọc lại các tệp",
                p(folder),
                p(nearest)
            ),
            Some("dùng thư mục của riêng bạn: export XDG_CACHE_HOME=\"$HOME/.cache\"".into()),
        ),
        F::NoCacheFolder => said_as(
            "bộ đệm: không có thư mục bộ đệm (chưa đặt HOME và XDG_CACHE_HOME)".into(),
            Some("đặt HOME".into()),
        ),
    }
}

fn lack_vi(lack: &Lack, folder: &str, group: &str) -> Said {
    let team = if group == "root" { "NHÓM" } else { group };
    match lack {
        Lack::FolderNotGroupWritable => said_as(
            format!(
                "tệp xem xét: nhóm không ghi được thư mục {folder}: đồng nghiệp không tạo được \
                 các tệp -wal và -shm SQLite cần, và gặp lỗi \"attempt to write a readonly \
                 database\""
            ),
            Some(format!(
                "sudo findings team init {folder} --group NHÓM (hoặc: sudo chmod g+rwxs \
                 {folder})"
            )),
        ),
        Lack::FolderNotSetgid => said_as(
            format!(
                "tệp xem xét: thư mục {folder} không có bit setgid: tệp -wal hay -shm một đồng \
                 nghiệp tạo ra thuộc nhóm riêng của người đó, không phải {group}, và người \
                 sau không ghi được"
            ),
            Some(format!(
                "sudo findings team init {folder} --group {team} (hoặc: sudo chmod g+s \
                 {folder})"
            )),
        ),
        Lack::FileNotGroupWritable(file) => said_as(
            format!(
                "tệp xem xét: nhóm không ghi được {}: đồng nghiệp không ghi được",
                shown(file)
            ),
            Some(format!(
                "sudo findings team init {folder} (hoặc: sudo chmod g+rw {})",
                shown(file)
            )),
        ),
        Lack::FileOfOtherGroup(file) => said_as(
            format!(
                "tệp xem xét: {} không thuộc nhóm {group} của thư mục: đồng nghiệp không ghi \
                 được",
                shown(file)
            ),
            Some(format!(
                "sudo findings team init {folder} (hoặc: sudo chgrp {group} {})",
                shown(file)
            )),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Done-when case in words: the variable, the folder and the fix are named, in both
    /// languages.
    #[test]
    fn a_c_locale_and_a_folder_without_setgid_are_named_with_their_fix() {
        let c = Finding::NotUtf8Locale {
            variable: "LANG",
            value: "C".into(),
        };
        let folder = Finding::ReviewLack {
            lack: Lack::FolderNotSetgid,
            folder: "/srv/findings".into(),
            group: "khao-sat".into(),
        };
        for lang in [Lang::En, Lang::Vi] {
            let s = said(lang, &c);
            assert!(s.what.contains("LANG=C"), "{s:?}");
            assert!(s.fix.unwrap().contains("LANG=C.UTF-8"));
            let s = said(lang, &folder);
            assert!(
                s.what.contains("/srv/findings") && s.what.contains("setgid"),
                "{s:?}"
            );
            assert!(s.fix.unwrap().contains("chmod g+s /srv/findings"));
        }
    }

    /// A value from outside never reaches the terminal as a control sequence.
    #[test]
    fn values_from_outside_are_made_safe() {
        let f = Finding::Terminal {
            term: "xterm\x1b]52;c;aGk=\x07".into(),
            colours: Colours::Basic,
        };
        for lang in [Lang::En, Lang::Vi] {
            assert!(!said(lang, &f).what.contains('\x1b'));
        }
    }
}
