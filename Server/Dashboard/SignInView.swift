import FieldSyncShared

/// The dashboard's sign-in page: a token typed in and posted to `/login`.
struct SignInView: PageView {
    static let template = "login"

    var lang: String
    var title = "FieldSync"
    var heading: String
    var prompt: String
    var button: String
    /// What went wrong with the last token tried, if it was wrong (none or one).
    var failure: [String]

    init(language: Language, failed: Bool) {
        let zh = language == .chinese
        lang = language.rawValue
        heading = zh ? "售后服务指标" : "Service targets"
        prompt = zh ? "请输入办事处或总部的同步令牌：" : "Paste your office's or headquarters' sync token:"
        button = zh ? "登录" : "Sign in"
        failure = failed ? [zh ? "令牌无效或已吊销。" : "That token is not valid or was revoked."] : []
    }
}
