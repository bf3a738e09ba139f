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
        lang = language.rawValue
        heading = language.text("Service targets", zh: "售后服务指标")
        prompt = language.text("Paste your office's or headquarters' sync token:", zh: "请输入办事处或总部的同步令牌：")
        button = language.text("Sign in", zh: "登录")
        failure = failed ? [language.text("That token is not valid or was revoked.", zh: "令牌无效或已吊销。")] : []
    }
}
