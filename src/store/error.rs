//! Why the store cannot open a database or store a document → the
//! bilingual message a person sees, written once here.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{}: 数据库不存在，请先 yusuan import (database not found; run yusuan import first)",
        .path.display()
    )]
    NotFound { path: PathBuf },
    /// A file that yusuan did not write: it is neither read nor given
    /// yusuan's tables.
    #[error(
        "{}: 不是 yusuan 数据库（{why}），未作任何改动；请用 --db 指定 yusuan 的数据库或一个新文件 \
         (not a yusuan database ({reason}); nothing was changed: give --db a yusuan database or a new file)",
        .path.display()
    )]
    Foreign {
        path: PathBuf,
        why: &'static str,
        reason: &'static str,
    },
    #[error("{}: 无法打开数据库 (cannot open database): {source}", .path.display())]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    /// The database, or the folder it is in, cannot be written.
    #[error(
        "{}: 数据库或其所在目录只读，无法导入；查询仍可使用 (the database or its folder is read-only, so nothing can be imported into it; queries still work)",
        .path.display()
    )]
    ReadOnly { path: PathBuf },
    #[error("{}: 无法锁定数据库以设置结构 (cannot lock the database to set up its schema): {source}", .path.display())]
    Lock {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: 数据库迁移失败 (schema migration failed): {source}", .path.display())]
    Migration {
        path: PathBuf,
        source: refinery::Error,
    },
    /// The unit and year are already stored from another document.
    #[error(
        "单位 {unit} {year} 年已从另一文件导入（{stored_from}）；如要替换请加 --replace \
         (unit {unit} year {year} is already stored from {stored_from}; use --replace to replace it)"
    )]
    Conflict {
        unit: String,
        year: i32,
        stored_from: String,
    },
    #[error("{alias} 与 {code} 已是同一单位 ({alias} and {code} are already one unit)")]
    AliasSame { alias: String, code: String },
    #[error(
        "{alias} 与 {code} 都有 {years} 的公开，不能合为一个单位；请先删去其中一份 \
         ({alias} and {code} both have {years} stored, so they cannot be made one unit)"
    )]
    AliasClash {
        alias: String,
        code: String,
        years: String,
    },
    /// A document whose figures cannot be stored as they are (see
    /// [`crate::recognise::Refusal::SumBeyondRange`]).
    #[error("{0}")]
    Unstorable(crate::recognise::Problem),
    #[error("数据库错误 (database error): {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// The command side still reports in messages: its `?` turns a store error
/// into the words a person sees, exactly as `Display` writes them.
impl From<StoreError> for String {
    fn from(error: StoreError) -> String {
        error.to_string()
    }
}
