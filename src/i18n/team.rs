//! What `findings team init` says once the folder is set up, Vietnamese and English.

use super::Lang;
use crate::model::files::shown;
use crate::model::team::{mode_string, Done};

/// The lines for standard error: the folder, the file, what was fixed, and where the profile
/// line goes (the line itself goes to standard output, alone, so it can be piped to a file).
pub fn done(lang: Lang, done: &Done, group: &str) -> Vec<String> {
    let folder = shown(&done.folder);
    let file = shown(&done.file);
    let folder_mode = mode_string(done.folder_mode, true);
    let file_mode = mode_string(done.file_mode, false);
    let mut lines = Vec::new();
    match lang {
        Lang::En => {
            lines.push(format!(
                "team folder {folder}: group {group}, {folder_mode} (setgid: new files take \
                 the group){}",
                if done.made { ", made now" } else { "" }
            ));
            lines.push(format!("review file {file}: {file_mode}, schema current"));
            match done.fixed.len() {
                0 if !done.made => lines.push("nothing needed changing".into()),
                _ => lines.extend(done.fixed.iter().map(|f| format!("set: {f}"))),
            }
            lines.push(format!(
                "for every member of {group}, put this line in /etc/profile.d/findings.sh \
                 (members log in again; each must be in the group):"
            ));
        }
        Lang::Vi => {
            lines.push(format!(
                "thư mục nhóm {folder}: nhóm {group}, {folder_mode} (setgid: tệp mới thuộc \
                 nhóm){}",
                if done.made { ", vừa tạo" } else { "" }
            ));
            lines.push(format!("tệp xem xét {file}: {file_mode}, lược đồ mới nhất"));
            match done.fixed.len() {
                0 if !done.made => lines.push("không cần thay đổi gì".into()),
                _ => lines.extend(done.fixed.iter().map(|f| format!("đã đặt: {f}"))),
            }
            lines.push(format!(
                "cho mọi thành viên nhóm {group}, thêm dòng này vào /etc/profile.d/findings.sh \
                 (thành viên đăng nhập lại; ai cũng phải ở trong nhóm):"
            ));
        }
    }
    lines
}

/// A group name that is not one.
pub fn no_such_group(lang: Lang, name: &str) -> String {
    let name = crate::model::text::inline(name);
    match lang {
        Lang::En => format!(
            "--group {name}: no such group; make it first (sudo groupadd {name}) and add the \
             team to it (sudo usermod -aG {name} USER)"
        ),
        Lang::Vi => format!(
            "--group {name}: không có nhóm này; tạo trước (sudo groupadd {name}) rồi thêm các \
             thành viên (sudo usermod -aG {name} TÊN)"
        ),
    }
}
