<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>low</source>
        <translation>低强度</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>中等强度</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高强度</translation>
    </message>
    <message>
        <source>xhigh</source>
        <translation>超高强度</translation>
    </message>
    <message>
        <source>max</source>
        <translation>最高强度</translation>
    </message>
    <message>
        <source>{tokens_in} in / {tokens_out} out</source>
        <translation>输入 {tokens_in} / 输出 {tokens_out}</translation>
    </message>
    <message>
        <source>cache {read} read / {write} write</source>
        <translation>缓存 读取 {read} / 写入 {write}</translation>
    </message>
    <message>
        <source>{n} web searches</source>
        <translation>{n} 次网页搜索</translation>
    </message>
    <message>
        <source>1 web search</source>
        <translation>1 次网页搜索</translation>
    </message>
    <message>
        <source>{n} pages read</source>
        <translation>读取了 {n} 个网页</translation>
    </message>
    <message>
        <source>1 page read</source>
        <translation>读取了 1 个网页</translation>
    </message>
    <message>
        <source>first token {seconds} s</source>
        <translation>首个 token {seconds} 秒</translation>
    </message>
    <message>
        <source>{seconds} s total</source>
        <translation>共 {seconds} 秒</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <source>This chat: 1 reply, cost unknown</source>
        <translation>本对话：1 条回复，费用未知</translation>
    </message>
    <message>
        <source>This chat: {count} replies, cost unknown</source>
        <translation>本对话：共 {count} 条回复，费用未知</translation>
    </message>
    <message>
        <source>This chat: {cost} over {count} replies</source>
        <translation>本对话：共 {count} 条回复，花费 {cost}</translation>
    </message>
    <message>
        <source>This chat: {cost} over 1 reply</source>
        <translation>本对话：1 条回复，花费 {cost}</translation>
    </message>
    <message>
        <source>cache hit rate {rate}</source>
        <translation>缓存命中率 {rate}</translation>
    </message>
    <message>
        <source>Context about {used} of {window} tokens ({share})</source>
        <translation>上下文约 {used} / {window} tokens（{share}）</translation>
    </message>
    <message>
        <source>Context {used} of {window} tokens ({share})</source>
        <translation>上下文 {used} / {window} tokens（{share}）</translation>
    </message>
    <message>
        <source>The model declined to answer this</source>
        <translation>模型拒绝回答这个问题</translation>
    </message>
    <message>
        <source> (category: {category})</source>
        <translation>（类别：{category}）</translation>
    </message>
    <message>
        <source> This exchange is left out of the conversation from now on. Rephrase, or retry with another model.</source>
        <translation> 此后这轮对话不再发送给模型。请换个说法，或换一个模型重试。</translation>
    </message>
    <message>
        <source>The answer reached the length limit (max_tokens). Continue it, or answer again with a higher limit.</source>
        <translation>回答达到了长度上限（max_tokens）。可以继续生成，或提高上限后重新回答。</translation>
    </message>
    <message>
        <source>The conversation filled the model&apos;s context window, so the answer was cut short. Start a new chat to go on.</source>
        <translation>对话已占满模型的上下文窗口，回答被截断。请新建对话继续。</translation>
    </message>
    <message>
        <source>Claude paused its web research part way. Continue to let it go on where it stopped.</source>
        <translation>Claude 的网络检索中途暂停了。点“继续”让它从停下的地方接着进行。</translation>
    </message>
    <message>
        <source>Earlier conversation was summarised to make room.</source>
        <translation>较早的对话已被摘要，以腾出空间。</translation>
    </message>
    <message>
        <source>The answer ended ({reason}).</source>
        <translation>回答已结束（{reason}）。</translation>
    </message>
    <message>
        <source>The answer was interrupted; what arrived is kept.</source>
        <translation>回答中断了；已收到的内容都已保留。</translation>
    </message>
    <message>
        <source>Parley JSON</source>
        <translation>Parley JSON</translation>
    </message>
    <message>
        <source>empty export</source>
        <translation>空的导出文件</translation>
    </message>
    <message>
        <source>Claude.ai export</source>
        <translation>Claude.ai 导出</translation>
    </message>
    <message>
        <source>ChatGPT export</source>
        <translation>ChatGPT 导出</translation>
    </message>
    <message>
        <source>Retry with {model}</source>
        <translation>换用 {model} 重试</translation>
    </message>
    <message>
        <source>The new language applies as soon as the answer finishes.</source>
        <translation>回答结束后即切换到新语言。</translation>
    </message>
    <message>
        <source>Parley hit an unexpected error ({summary}). Nothing was lost; a report is in
{path}</source>
        <translation>Parley 遇到了意外错误（{summary}）。没有丢失任何内容；报告保存在
{path}</translation>
    </message>
    <message>
        <source>Parley</source>
        <translation>Parley</translation>
    </message>
    <message>
        <source>Updating your chat history for this version of Parley…</source>
        <translation>正在为此版本的 Parley 更新聊天记录…</translation>
    </message>
    <message>
        <source>Parley is already running on this history; its window was brought to the front.</source>
        <translation>Parley 已在使用这份历史记录运行，已将其窗口切换到前台。</translation>
    </message>
    <message>
        <source>Images, PDFs and text (*.png *.jpg *.jpeg *.gif *.webp *.pdf *.txt *.md *.py *.json *.csv);;All files (*)</source>
        <translation>图片、PDF 和文本 (*.png *.jpg *.jpeg *.gif *.webp *.pdf *.txt *.md *.py *.json *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Attached file {name}</source>
        <translation>附件 {name}</translation>
    </message>
    <message>
        <source>Remove {name}</source>
        <translation>移除 {name}</translation>
    </message>
    <message>
        <source>Remove this file</source>
        <translation>移除此文件</translation>
    </message>
    <message>
        <source>A message can carry at most {count} files</source>
        <translation>一条消息最多可附带 {count} 个文件</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <source>Pinned</source>
        <translation>已置顶</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <source>Previous 7 days</source>
        <translation>过去 7 天</translation>
    </message>
    <message>
        <source>Previous 30 days</source>
        <translation>过去 30 天</translation>
    </message>
    <message>
        <source>MMMM yyyy</source>
        <translation>yyyy年M月</translation>
    </message>
    <message>
        <source>the prompt cache starts over: the next reply pays to cache this conversation again</source>
        <translation>提示缓存会重新开始：下一条回复需要重新缓存这段对话</translation>
    </message>
    <message>
        <source>What this chat cost</source>
        <translation>本对话的花费</translation>
    </message>
    <message>
        <source>Context used</source>
        <translation>已用上下文</translation>
    </message>
    <message>
        <source>Context window used</source>
        <translation>已用的上下文窗口</translation>
    </message>
    <message>
        <source>the model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>the effort</source>
        <translation>推理强度</translation>
    </message>
    <message>
        <source>thinking</source>
        <translation>思考</translation>
    </message>
    <message>
        <source>Changing {what} in this chat: {consequence}.</source>
        <translation>在本对话中更改{what}：{consequence}。</translation>
    </message>
    <message>
        <source>Chat settings…</source>
        <translation>对话设置…</translation>
    </message>
    <message>
        <source>System prompt, compaction and presets for this chat (Ctrl+Shift+,)</source>
        <translation>本对话的系统提示词、上下文压缩和预设（Ctrl+Shift+,）</translation>
    </message>
    <message>
        <source>New chat from preset</source>
        <translation>从预设新建对话</translation>
    </message>
    <message>
        <source>From preset</source>
        <translation>从预设</translation>
    </message>
    <message>
        <source>Start a new chat from a preset (its system prompt, model and effort)</source>
        <translation>从预设新建对话（使用其系统提示词、模型和推理强度）</translation>
    </message>
    <message>
        <source>No presets yet: save one in Chat settings</source>
        <translation>还没有预设：可在“对话设置”中保存</translation>
    </message>
    <message>
        <source>New chat from the preset “{name}”.</source>
        <translation>已从预设“{name}”新建对话。</translation>
    </message>
    <message>
        <source>New system prompt for this chat: {consequence}.</source>
        <translation>本对话的系统提示词已更新：{consequence}。</translation>
    </message>
    <message>
        <source>When the conversation passes 150,000 input tokens, the API summarises its start and carries on from the summary (beta). The summary shows in the chat.</source>
        <translation>当对话的输入超过 150,000 个 token 时，API 会把开头部分压缩成摘要，并在摘要的基础上继续（测试版）。摘要会显示在对话中。</translation>
    </message>
    <message>
        <source>Chat settings</source>
        <translation>对话设置</translation>
    </message>
    <message>
        <source>Start from a preset</source>
        <translation>从预设开始</translation>
    </message>
    <message>
        <source>Start from a preset…</source>
        <translation>从预设开始…</translation>
    </message>
    <message>
        <source>Save as preset…</source>
        <translation>另存为预设…</translation>
    </message>
    <message>
        <source>Delete preset</source>
        <translation>删除预设</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>How Claude should behave in this chat (optional)</source>
        <translation>Claude 在本对话中应如何表现（可选）</translation>
    </message>
    <message>
        <source>Summarise the start when the chat grows long</source>
        <translation>对话变长时概括开头部分</translation>
    </message>
    <message>
        <source>{model} cannot summarise long chats.</source>
        <translation>{model} 不支持摘要长对话。</translation>
    </message>
    <message>
        <source>Changing the system prompt starts the prompt cache over: the next reply pays to cache the chat again.</source>
        <translation>更改系统提示词会让提示缓存重新开始：下一条回复需要重新缓存整段对话。</translation>
    </message>
    <message>
        <source>Save as preset</source>
        <translation>另存为预设</translation>
    </message>
    <message>
        <source>Name of the preset (its system prompt, and this chat&apos;s model and effort):</source>
        <translation>预设名称（保存其系统提示词，以及本对话的模型和推理强度）：</translation>
    </message>
    <message>
        <source>Stopped — this answer is incomplete.</source>
        <translation>已停止——此回答不完整。</translation>
    </message>
    <message>
        <source>Interrupted — Parley closed while this answer was arriving; what arrived is kept.</source>
        <translation>已中断——回答生成期间 Parley 被关闭；已收到的内容都已保留。</translation>
    </message>
    <message>
        <source>This answer failed part way; what arrived is kept.</source>
        <translation>此回答中途失败；已收到的内容都已保留。</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Show earlier messages</source>
        <translation>显示更早的消息</translation>
    </message>
    <message>
        <source>Show later messages</source>
        <translation>显示之后的消息</translation>
    </message>
    <message>
        <source>Show {count} earlier messages</source>
        <translation>显示更早的 {count} 条消息</translation>
    </message>
    <message>
        <source>Show 1 earlier message</source>
        <translation>显示更早的 1 条消息</translation>
    </message>
    <message>
        <source>Show 1 later message</source>
        <translation>显示之后的 1 条消息</translation>
    </message>
    <message>
        <source>Show {count} later messages</source>
        <translation>显示之后的 {count} 条消息</translation>
    </message>
    <message>
        <source>Parley closed before this answer finished.</source>
        <translation>此回答完成之前 Parley 已关闭。</translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>思考</translation>
    </message>
    <message>
        <source>Thinking on or off for this column</source>
        <translation>为此栏开启或关闭思考</translation>
    </message>
    <message>
        <source>First token (s)</source>
        <translation>首个 token（秒）</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>token/秒</translation>
    </message>
    <message>
        <source>Total (s)</source>
        <translation>总耗时（秒）</translation>
    </message>
    <message>
        <source>Input tokens</source>
        <translation>输入 token</translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation>输出 token</translation>
    </message>
    <message>
        <source>Cache read</source>
        <translation>缓存读取</translation>
    </message>
    <message>
        <source>Cost (US$)</source>
        <translation>费用（美元）</translation>
    </message>
    <message>
        <source>Stop reason</source>
        <translation>结束原因</translation>
    </message>
    <message>
        <source>{metric}: {column} ({value})</source>
        <translation>{metric}：{column}（{value}）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop this column</source>
        <translation>停止此栏</translation>
    </message>
    <message>
        <source>Remove this column</source>
        <translation>移除此栏</translation>
    </message>
    <message>
        <source>Continue as a chat</source>
        <translation>作为对话继续</translation>
    </message>
    <message>
        <source>Continue with this one: its thread becomes a normal chat</source>
        <translation>就用这个：它的对话线程会变成一个普通对话</translation>
    </message>
    <message>
        <source>Continue this column as a normal chat</source>
        <translation>将此栏作为普通对话继续</translation>
    </message>
    <message>
        <source>Message every column…</source>
        <translation>向所有栏发送消息…</translation>
    </message>
    <message>
        <source>Message Claude…</source>
        <translation>给 Claude 发消息…</translation>
    </message>
    <message>
        <source>Saved model sets</source>
        <translation>已保存的模型组合</translation>
    </message>
    <message>
        <source>Save these columns as a model set</source>
        <translation>将这些栏保存为模型组合</translation>
    </message>
    <message>
        <source>Add column</source>
        <translation>添加一栏</translation>
    </message>
    <message>
        <source>Add a column</source>
        <translation>添加一栏</translation>
    </message>
    <message>
        <source>Compare models: one prompt, every column answers at once.</source>
        <translation>模型对比：同一个问题，所有栏同时回答。</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Show or hide the comparison metrics</source>
        <translation>显示或隐藏对比指标</translation>
    </message>
    <message>
        <source>Best figures</source>
        <translation>最佳数据</translation>
    </message>
    <message>
        <source>Comparison metrics</source>
        <translation>对比指标</translation>
    </message>
    <message>
        <source>Best of this row</source>
        <translation>本行最佳</translation>
    </message>
    <message>
        <source>The figures appear as the columns answer.</source>
        <translation>各栏回答时，数据会显示在这里。</translation>
    </message>
    <message>
        <source>Model sets…</source>
        <translation>模型组合…</translation>
    </message>
    <message>
        <source>Save model set</source>
        <translation>保存模型组合</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Message to send</source>
        <translation>要发送的消息</translation>
    </message>
    <message>
        <source>Thinking on or off</source>
        <translation>开启或关闭思考</translation>
    </message>
    <message>
        <source>Let the model think before it answers; its summary shows above the answer</source>
        <translation>让模型先思考再回答；思考摘要会显示在回答上方</translation>
    </message>
    <message>
        <source>Web</source>
        <translation>联网</translation>
    </message>
    <message>
        <source>Web search and fetch on or off</source>
        <translation>开启或关闭网页搜索与读取</translation>
    </message>
    <message>
        <source>MCP servers on in this chat</source>
        <translation>本对话启用的 MCP 服务器</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <source>Attach…</source>
        <translation>附件…</translation>
    </message>
    <message>
        <source>Attach images, PDFs or text files (or paste them, or drop them here)</source>
        <translation>附加图片、PDF 或文本文件（也可以粘贴或拖放到这里）</translation>
    </message>
    <message>
        <source>Stop the answer</source>
        <translation>停止回答</translation>
    </message>
    <message>
        <source>Stop (Esc)</source>
        <translation>停止（Esc）</translation>
    </message>
    <message>
        <source>Send (Enter)</source>
        <translation>发送（Enter）</translation>
    </message>
    <message>
        <source>An MCP server could not start; its tools are off for now.
{why}</source>
        <translation>有一个 MCP 服务器无法启动，其工具暂时不可用。
{why}</translation>
    </message>
    <message>
        <source> Your message is back in the box.</source>
        <translation> 你的消息已放回输入框。</translation>
    </message>
    <message>
        <source>{error}. Retrying in {seconds} s (attempt {attempt})…</source>
        <translation>{error}。{seconds} 秒后重试（第 {attempt} 次）…</translation>
    </message>
    <message>
        <source>Ask Claude anything. Enter sends, Shift+Enter starts a new line.</source>
        <translation>向 Claude 提任何问题。Enter 发送，Shift+Enter 换行。</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>New chat (Ctrl+N)</source>
        <translation>新对话（Ctrl+N）</translation>
    </message>
    <message>
        <source>Search all chats (Ctrl+K)</source>
        <translation>搜索所有对话（Ctrl+K）</translation>
    </message>
    <message>
        <source>Search all chats</source>
        <translation>搜索所有对话</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>清除搜索</translation>
    </message>
    <message>
        <source>Chats</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>No chats yet.
Your conversations appear here, kept on this computer.</source>
        <translation>还没有对话。
你的对话会显示在这里，只保存在这台电脑上。</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Undo delete</source>
        <translation>撤销删除</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <source>Pin to top</source>
        <translation>置顶</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Editing an earlier message: sending starts a new branch from there; the old branch stays in your history.</source>
        <translation>正在编辑之前的消息：发送后会从那里开出一个新分支；原来的分支仍保留在历史记录中。</translation>
    </message>
    <message>
        <source>This answer is very long ({size} MB); the view shows the first {shown} KB. Copy the answer to get all of it.</source>
        <translation>这个回答很长（{size} MB）；这里只显示前 {shown} KB。复制回答即可获得全部内容。</translation>
    </message>
    <message>
        <source>Message text</source>
        <translation>消息正文</translation>
    </message>
    <message>
        <source>Open settings</source>
        <translation>打开设置</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Retry with another model…</source>
        <translation>换个模型重试…</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>{severity}: {text}</source>
        <translation>{severity}：{text}</translation>
    </message>
    <message>
        <source>{model} retires in {days} days ({date}).</source>
        <translation>{model} 将在 {days} 天后（{date}）停用。</translation>
    </message>
    <message>
        <source>{model} retires tomorrow ({date}).</source>
        <translation>{model} 明天（{date}）停用。</translation>
    </message>
    <message>
        <source>Its successor is {successor}.</source>
        <translation>接替它的模型是 {successor}。</translation>
    </message>
    <message>
        <source>retiring</source>
        <translation>即将停用</translation>
    </message>
    <message>
        <source>{model} was retired on {date}; Anthropic no longer answers requests to it.</source>
        <translation>{model} 已于 {date} 停用，Anthropic 不再响应对它的请求。</translation>
    </message>
    <message>
        <source>retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>{model} was retired at Anthropic on {date}; this endpoint may still serve it.</source>
        <translation>{model} 已于 {date} 在 Anthropic 停用；此端点可能仍提供该模型。</translation>
    </message>
    <message>
        <source>retired at Anthropic</source>
        <translation>已在 Anthropic 停用</translation>
    </message>
    <message>
        <source>{model} was retired on {date}; Anthropic no longer answers requests to it</source>
        <translation>{model} 已于 {date} 停用，Anthropic 不再响应对它的请求</translation>
    </message>
    <message>
        <source>Continue on its successor, {successor}</source>
        <translation>改用接替它的 {successor} 继续</translation>
    </message>
    <message>
        <source>Pick another model</source>
        <translation>选择其他模型</translation>
    </message>
    <message>
        <source>{model} was retired at Anthropic on {date}, and this endpoint no longer serves it</source>
        <translation>{model} 已于 {date} 在 Anthropic 停用，此端点也不再提供该模型</translation>
    </message>
    <message>
        <source>Answer again with a higher limit</source>
        <translation>提高上限重新回答</translation>
    </message>
    <message>
        <source>Continue on {model}</source>
        <translation>改用 {model} 继续</translation>
    </message>
    <message>
        <source>Your message</source>
        <translation>你的消息</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Edit this message and send it again</source>
        <translation>编辑这条消息并重新发送</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy this message</source>
        <translation>复制这条消息</translation>
    </message>
    <message>
        <source>Left out of the conversation: Claude declined this message, so it is not sent again.</source>
        <translation>已排除在对话之外：Claude 拒绝回答这条消息，之后不会再发送它。</translation>
    </message>
    <message>
        <source>Left out of the conversation</source>
        <translation>已排除在对话之外</translation>
    </message>
    <message>
        <source>Message details</source>
        <translation>消息详情</translation>
    </message>
    <message>
        <source>Show every figure for this answer</source>
        <translation>显示这条回答的全部数据</translation>
    </message>
    <message>
        <source>Every figure for this answer</source>
        <translation>这条回答的全部数据</translation>
    </message>
    <message>
        <source>Previous version</source>
        <translation>上一个版本</translation>
    </message>
    <message>
        <source>Next version</source>
        <translation>下一个版本</translation>
    </message>
    <message>
        <source>Version {n} of {count}</source>
        <translation>第 {n} 个版本，共 {count} 个</translation>
    </message>
    <message>
        <source>Copy this answer as markdown</source>
        <translation>以 Markdown 复制此回答</translation>
    </message>
    <message>
        <source>Ask for this answer again</source>
        <translation>重新生成这个回答</translation>
    </message>
    <message>
        <source>Use the system proxy settings</source>
        <translation>使用系统代理设置</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>不使用代理</translation>
    </message>
    <message>
        <source>Use this proxy:</source>
        <translation>使用此代理：</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>http://proxy.example:3128 or socks5://127.0.0.1:1080</source>
        <translation>http://proxy.example:3128 或 socks5://127.0.0.1:1080</translation>
    </message>
    <message>
        <source>Proxy address</source>
        <translation>代理地址</translation>
    </message>
    <message>
        <source>User name (optional)</source>
        <translation>用户名（可选）</translation>
    </message>
    <message>
        <source>Proxy user name</source>
        <translation>代理用户名</translation>
    </message>
    <message>
        <source>Password (kept in the system keyring; leave empty to keep it)</source>
        <translation>密码（保存在系统钥匙串中；留空则保持不变）</translation>
    </message>
    <message>
        <source>Proxy password</source>
        <translation>代理密码</translation>
    </message>
    <message>
        <source>Go direct to: localhost, *.corp.example</source>
        <translation>直连：localhost, *.corp.example</translation>
    </message>
    <message>
        <source>Hosts that bypass the proxy</source>
        <translation>不经过代理的主机</translation>
    </message>
    <message>
        <source>Also trust this CA certificate (PEM), for proxies that inspect TLS</source>
        <translation>同时信任此 CA 证书（PEM），用于会检查 TLS 流量的代理</translation>
    </message>
    <message>
        <source>Extra CA certificate</source>
        <translation>额外的 CA 证书</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Choose a CA certificate file</source>
        <translation>选择 CA 证书文件</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Bypass</source>
        <translation>直连</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA 证书</translation>
    </message>
    <message>
        <source>Choose a CA certificate</source>
        <translation>选择 CA 证书</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Low effort</source>
        <translation>低强度</translation>
    </message>
    <message>
        <source>Medium effort</source>
        <translation>中等强度</translation>
    </message>
    <message>
        <source>High effort</source>
        <translation>高强度</translation>
    </message>
    <message>
        <source>Extra-high effort</source>
        <translation>超高强度</translation>
    </message>
    <message>
        <source>Max effort</source>
        <translation>最高强度</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Which Claude model answers</source>
        <translation>由哪个 Claude 模型回答</translation>
    </message>
    <message>
        <source>{model} ({mark})</source>
        <translation>{model}（{mark}）</translation>
    </message>
    <message>
        <source>Reasoning effort</source>
        <translation>推理强度</translation>
    </message>
    <message>
        <source>How much the model thinks and works before answering</source>
        <translation>模型在回答前投入多少思考和工作</translation>
    </message>
    <message>
        <source>{model} does not offer {wanted}; using {used}.</source>
        <translation>{model} 不提供{wanted}；改用{used}。</translation>
    </message>
    <message>
        <source>The thinking budget: at most this many tokens of thinking</source>
        <translation>思考预算：最多用于思考的 token 数</translation>
    </message>
    <message>
        <source>Think up to {count}k tokens</source>
        <translation>最多思考 {count}k tokens</translation>
    </message>
    <message>
        <source>{model} uses a thinking budget instead of effort levels; using {count}k tokens.</source>
        <translation>{model} 使用思考预算而不是推理强度；改用 {count}k tokens。</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>This model has no effort setting</source>
        <translation>此模型没有推理强度设置</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> tokens</translation>
    </message>
    <message>
        <source>Longest reply in tokens</source>
        <translation>单条回复的最大 token 数</translation>
    </message>
    <message>
        <source>Each model is capped at its own maximum: 128,000 for Opus 4.7/4.6 and Sonnet 4.6, 64,000 for Sonnet 4.5 and Haiku 4.5. A reply that reaches it offers Continue.</source>
        <translation>每个模型都有各自的上限：Opus 4.7/4.6 和 Sonnet 4.6 为 128,000，Sonnet 4.5 和 Haiku 4.5 为 64,000。达到上限的回复会提供“继续”。</translation>
    </message>
    <message>
        <source>Cache the conversation between replies</source>
        <translation>在回复之间缓存对话</translation>
    </message>
    <message>
        <source>Cheaper and faster: reading a cached conversation costs 0.1× input. Keep the model, system prompt, thinking and effort the same within a chat to keep the cache.</source>
        <translation>更便宜也更快：读取已缓存的对话只需 0.1 倍输入价格。同一对话中保持模型、系统提示词、思考和投入程度不变，缓存才能保留。</translation>
    </message>
    <message>
        <source>5 minutes (writes cost 1.25× input)</source>
        <translation>5 分钟（写入费用为输入的 1.25 倍）</translation>
    </message>
    <message>
        <source>1 hour (writes cost 2× input; for slower replies)</source>
        <translation>1 小时（写入费用为输入的 2 倍；适合回复间隔较长时）</translation>
    </message>
    <message>
        <source>How long the prompt cache lasts</source>
        <translation>提示缓存的保留时长</translation>
    </message>
    <message>
        <source>Longest reply</source>
        <translation>最长回复</translation>
    </message>
    <message>
        <source>Cache lasts</source>
        <translation>缓存时长</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>任何时间</translation>
    </message>
    <message>
        <source>Past 7 days</source>
        <translation>过去 7 天</translation>
    </message>
    <message>
        <source>Past 30 days</source>
        <translation>过去 30 天</translation>
    </message>
    <message>
        <source>Past year</source>
        <translation>过去一年</translation>
    </message>
    <message>
        <source>Custom range…</source>
        <translation>自定义范围…</translation>
    </message>
    <message>
        <source>Only chats with this model</source>
        <translation>只看使用此模型的对话</translation>
    </message>
    <message>
        <source>Only messages from this time</source>
        <translation>只看这段时间内的消息</translation>
    </message>
    <message>
        <source>Search the thinking summaries too</source>
        <translation>同时搜索思考摘要</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>To date, inclusive</source>
        <translation>结束日期（含当天）</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Filter the results</source>
        <translation>筛选结果</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <source>Any model</source>
        <translation>任意模型</translation>
    </message>
    <message>
        <source>Type to search every chat, offline.</source>
        <translation>输入关键词，离线搜索所有对话。</translation>
    </message>
    <message>
        <source>{count} results</source>
        <translation>{count} 条结果</translation>
    </message>
    <message>
        <source>{count} result</source>
        <translation>{count} 条结果</translation>
    </message>
    <message>
        <source>No matches. Try other words or filters.</source>
        <translation>没有匹配结果。换个词或换个筛选条件试试。</translation>
    </message>
    <message>
        <source>No matches. Try fewer words.</source>
        <translation>没有匹配结果。试试少用几个词。</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>AIHubMix (aihubmix.com)</source>
        <translation>AIHubMix（aihubmix.com）</translation>
    </message>
    <message>
        <source>Anthropic (api.anthropic.com)</source>
        <translation>Anthropic（api.anthropic.com）</translation>
    </message>
    <message>
        <source>Custom base URL</source>
        <translation>自定义 Base URL</translation>
    </message>
    <message>
        <source>Set up Parley</source>
        <translation>设置 Parley</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Where should Parley send your messages?</source>
        <translation>Parley 应把消息发送到哪里？</translation>
    </message>
    <message>
        <source>AIHubMix and Anthropic both serve Claude; pick the one your key is for. A custom base URL works with any proxy that speaks the Messages API.</source>
        <translation>AIHubMix 和 Anthropic 都提供 Claude；请选择你的密钥所属的服务。自定义基础 URL 适用于任何支持 Messages API 的代理。</translation>
    </message>
    <message>
        <source>Your API key</source>
        <translation>你的 API 密钥</translation>
    </message>
    <message>
        <source>Paste the key for this endpoint. Parley tests it at once, and keeps it in the system keyring.</source>
        <translation>粘贴此端点的密钥。Parley 会立即测试它，并保存在系统钥匙串中。</translation>
    </message>
    <message>
        <source>Which models should the pickers offer?</source>
        <translation>选择器中应提供哪些模型？</translation>
    </message>
    <message>
        <source>You can change this, and add custom model IDs, in Settings at any time.</source>
        <translation>你可以随时在设置中更改，也可以添加自定义模型 ID。</translation>
    </message>
    <message>
        <source>Start chatting</source>
        <translation>开始对话</translation>
    </message>
    <message>
        <source>Step {step} of {count}</source>
        <translation>第 {step} 步，共 {count} 步</translation>
    </message>
    <message>
        <source>Paste your API key to go on (or set ANTHROPIC_API_KEY and start Parley again).</source>
        <translation>请粘贴 API 密钥后继续（或设置 ANTHROPIC_API_KEY 后重新启动 Parley）。</translation>
    </message>
    <message>
        <source>Parley settings</source>
        <translation>Parley 设置</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>服务端点</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>Base URL</translation>
    </message>
    <message>
        <source>API version</source>
        <translation>API 版本</translation>
    </message>
    <message>
        <source>x-api-key header</source>
        <translation>x-api-key 请求头</translation>
    </message>
    <message>
        <source>Authorization: Bearer</source>
        <translation>Authorization: Bearer</translation>
    </message>
    <message>
        <source>How the key is sent</source>
        <translation>密钥的发送方式</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Paste your API key</source>
        <translation>粘贴你的 API 密钥</translation>
    </message>
    <message>
        <source>Keep the key for this session only</source>
        <translation>仅在本次会话中保留密钥</translation>
    </message>
    <message>
        <source>Kept in memory, never on disk; forgotten when Parley quits</source>
        <translation>仅保存在内存中，从不写入磁盘；退出 Parley 时即被清除</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>连接测试结果</translation>
    </message>
    <message>
        <source>A key for this endpoint is kept for this session only; it is forgotten when Parley quits.</source>
        <translation>此端点的密钥仅在本次会话中保留，Parley 退出后即忘记。</translation>
    </message>
    <message>
        <source>No system keyring is available on this computer, so Parley cannot save your key (it never writes keys to a file). Set {variable} before starting Parley, or keep the key for this session only.</source>
        <translation>这台电脑上没有可用的系统钥匙串，因此 Parley 无法保存你的密钥（它从不把密钥写入文件）。请在启动 Parley 前设置 {variable}，或仅在本次会话中保留密钥。</translation>
    </message>
    <message>
        <source>Your key is stored in the system keyring, never in a file.</source>
        <translation>你的密钥保存在系统钥匙串中，从不写入文件。</translation>
    </message>
    <message>
        <source>Models to show</source>
        <translation>要显示的模型</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Fold the thinking once the answer starts</source>
        <translation>回答开始后收起思考过程</translation>
    </message>
    <message>
        <source>Name new chats automatically</source>
        <translation>自动为新对话命名</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>A short title written by the cheapest model: a fraction of a cent per chat.</source>
        <translation>由最便宜的模型写一个简短标题：每个对话不到一美分。</translation>
    </message>
    <message>
        <source>Settings pages</source>
        <translation>设置页面</translation>
    </message>
    <message>
        <source>General</source>
        <translation>通用</translation>
    </message>
    <message>
        <source>Endpoint &amp; models</source>
        <translation>端点与模型</translation>
    </message>
    <message>
        <source>Or keep the key for this session only.</source>
        <translation>或者仅在本次会话中保留密钥。</translation>
    </message>
    <message>
        <source>Send the key as</source>
        <translation>密钥发送方式</translation>
    </message>
    <message>
        <source>Replies</source>
        <translation>回复</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>{variable} is set in the environment and is used instead of a stored key.</source>
        <translation>环境变量 {variable} 已设置，将代替已保存的密钥使用。</translation>
    </message>
    <message>
        <source>A key for this endpoint is stored in the system keyring; leave empty to keep it.</source>
        <translation>此端点的密钥已保存在系统钥匙串中；留空则保持不变。</translation>
    </message>
    <message>
        <source>Enter an API key first.</source>
        <translation>请先输入 API 密钥。</translation>
    </message>
    <message>
        <source>Connecting to {endpoint}…</source>
        <translation>正在连接 {endpoint}…</translation>
    </message>
    <message>
        <source>✓ Connected to {endpoint}: {count} models available ({claude} Claude).</source>
        <translation>✓ 已连接到 {endpoint}：共 {count} 个可用模型（其中 Claude {claude} 个）。</translation>
    </message>
    <message>
        <source>Earlier conversation summarised</source>
        <translation>较早的对话已摘要</translation>
    </message>
    <message>
        <source>Show or hide the summary of the earlier conversation</source>
        <translation>显示或隐藏较早对话的摘要</translation>
    </message>
    <message>
        <source>The API could not summarise the earlier conversation</source>
        <translation>API 未能摘要较早的对话</translation>
    </message>
    <message>
        <source>Summary of the earlier conversation</source>
        <translation>较早对话的摘要</translation>
    </message>
    <message>
        <source>Thinking summary</source>
        <translation>思考摘要</translation>
    </message>
    <message>
        <source>Shows or hides what Claude thought before answering</source>
        <translation>显示或隐藏 Claude 回答前的思考过程</translation>
    </message>
    <message>
        <source>The model thought about this but did not show its thinking.</source>
        <translation>模型思考过这个问题，但没有展示思考内容。</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>思考中…</translation>
    </message>
    <message>
        <source>Thinking (hidden by the model)…</source>
        <translation>思考中（模型未显示）…</translation>
    </message>
    <message>
        <source>{thinking} {seconds} s</source>
        <translation>{thinking} {seconds} 秒</translation>
    </message>
    <message>
        <source>Thought for {seconds} s</source>
        <translation>已思考 {seconds} 秒</translation>
    </message>
    <message>
        <source>Thought for under a second</source>
        <translation>思考不到一秒</translation>
    </message>
    <message>
        <source>{thought} (hidden by the model)</source>
        <translation>{thought}（模型未显示）</translation>
    </message>
    <message>
        <source>Thinking (hidden by the model)</source>
        <translation>思考（模型未显示）</translation>
    </message>
    <message>
        <source> — partly redacted for safety</source>
        <translation>——出于安全原因部分内容已隐去</translation>
    </message>
    <message>
        <source>Viewed</source>
        <translation>已查看</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>Insert into</source>
        <translation>插入到</translation>
    </message>
    <message>
        <source>running…</source>
        <translation>运行中…</translation>
    </message>
    <message>
        <source>waiting for your approval</source>
        <translation>等待你的批准</translation>
    </message>
    <message>
        <source>applied</source>
        <translation>已应用</translation>
    </message>
    <message>
        <source>declined</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>undone</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>not run (stopped)</source>
        <translation>未运行（已停止）</translation>
    </message>
    <message>
        <source>Show details</source>
        <translation>显示详情</translation>
    </message>
    <message>
        <source>Tool step</source>
        <translation>工具步骤</translation>
    </message>
    <message>
        <source>Undo this edit</source>
        <translation>撤销这次编辑</translation>
    </message>
    <message>
        <source>Put the file back as it was before this edit</source>
        <translation>将文件恢复到这次编辑之前的样子</translation>
    </message>
    <message>
        <source>Step details</source>
        <translation>步骤详情</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Approve all in this chat</source>
        <translation>本对话中全部批准</translation>
    </message>
    <message>
        <source>Always allow this tool</source>
        <translation>始终允许此工具</translation>
    </message>
    <message>
        <source>Run this tool of this server without asking, in every chat</source>
        <translation>在所有对话中运行此服务器的此工具，不再询问</translation>
    </message>
    <message>
        <source>Apply this and every later edit in this chat without asking</source>
        <translation>应用这次以及本对话中之后的所有编辑，不再询问</translation>
    </message>
    <message>
        <source>Claude wants to change {path}.</source>
        <translation>Claude 想要修改 {path}。</translation>
    </message>
    <message>
        <source>Hide details</source>
        <translation>隐藏详情</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Claude wants to change {path}. Approve or reject it.</source>
        <translation>Claude 想要修改 {path}。请批准或拒绝。</translation>
    </message>
    <message>
        <source>Claude wants to run {tool} ({server}).</source>
        <translation>Claude 想要运行 {tool}（{server}）。</translation>
    </message>
    <message>
        <source>Run this and every later tool call in this chat without asking</source>
        <translation>运行此次及本对话中之后的所有工具调用，不再询问</translation>
    </message>
    <message>
        <source>Claude wants to run {tool} of {server}. Approve or reject it.</source>
        <translation>Claude 想要运行 {server} 的 {tool}。请批准或拒绝。</translation>
    </message>
    <message>
        <source>Markdown (.md)</source>
        <translation>Markdown（.md）</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>JSON — complete, can be imported again (.json)</source>
        <translation>JSON——完整内容，可再次导入（.json）</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Web page (.html)</source>
        <translation>网页（.html）</translation>
    </message>
    <message>
        <source>Web page (*.html)</source>
        <translation>网页 (*.html)</translation>
    </message>
    <message>
        <source>Export {what}</source>
        <translation>导出{what}</translation>
    </message>
    <message>
        <source>Export format</source>
        <translation>导出格式</translation>
    </message>
    <message>
        <source>Include the thinking summaries</source>
        <translation>包括思考摘要</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>There are no chats to export yet.</source>
        <translation>还没有可以导出的对话。</translation>
    </message>
    <message>
        <source>this chat</source>
        <translation>此对话</translation>
    </message>
    <message>
        <source>all {count} chats</source>
        <translation>全部 {count} 个对话</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Could not write {path}: {reason}</source>
        <translation>无法写入 {path}：{reason}</translation>
    </message>
    <message>
        <source>Exported {count} chat(s) to {path}</source>
        <translation>已将 {count} 个对话导出到 {path}</translation>
    </message>
    <message>
        <source>Import chats</source>
        <translation>导入对话</translation>
    </message>
    <message>
        <source>Chat exports (*.json *.zip);;All files (*)</source>
        <translation>对话导出文件 (*.json *.zip);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <source>{error}

Nothing was changed.</source>
        <translation>{error}

没有做任何更改。</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>{format}: imported {count} chats.</source>
        <translation>{format}：已导入 {count} 个对话。</translation>
    </message>
    <message>
        <source>{format}: imported 1 chat.</source>
        <translation>{format}：已导入 1 个对话。</translation>
    </message>
    <message>
        <source>{count} were already in your history.</source>
        <translation>其中 {count} 个已在你的历史记录中。</translation>
    </message>
    <message>
        <source>1 was already in your history.</source>
        <translation>其中 1 个已在你的历史记录中。</translation>
    </message>
    <message>
        <source>Show or hide the chat list</source>
        <translation>显示或隐藏对话列表</translation>
    </message>
    <message>
        <source>Compare models</source>
        <translation>对比模型</translation>
    </message>
    <message>
        <source>Attach a folder…</source>
        <translation>附加文件夹…</translation>
    </message>
    <message>
        <source>Search chats</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Export this chat…</source>
        <translation>导出此对话…</translation>
    </message>
    <message>
        <source>Export all chats…</source>
        <translation>导出所有对话…</translation>
    </message>
    <message>
        <source>Import chats…</source>
        <translation>导入对话…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>&amp;Parley</source>
        <translation>&amp;Parley</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Let Claude view and edit files in a folder you choose, in this chat</source>
        <translation>让 Claude 在本对话中查看和编辑你选择的文件夹里的文件</translation>
    </message>
    <message>
        <source>More</source>
        <translation>更多</translation>
    </message>
    <message>
        <source>Parley menu</source>
        <translation>Parley 菜单</translation>
    </message>
    <message>
        <source>Open a chat to export it (or export all chats).</source>
        <translation>先打开一个对话再导出（或导出所有对话）。</translation>
    </message>
    <message>
        <source>Workspace folder</source>
        <translation>工作区文件夹</translation>
    </message>
    <message>
        <source>Apply edits without asking</source>
        <translation>直接应用编辑，不再询问</translation>
    </message>
    <message>
        <source>Claude&apos;s edits in this chat are applied at once; each can still be undone</source>
        <translation>Claude 在本对话中的编辑会立即应用；每一处仍可撤销</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>更改…</translation>
    </message>
    <message>
        <source>Choose another workspace folder</source>
        <translation>选择另一个工作区文件夹</translation>
    </message>
    <message>
        <source>Detach</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Detach the workspace folder from this chat</source>
        <translation>从本对话中移除工作区文件夹</translation>
    </message>
    <message>
        <source>Workspace: Claude can view and edit files in {folder}</source>
        <translation>工作区：Claude 可以查看和编辑 {folder} 中的文件</translation>
    </message>
    <message>
        <source>Choose a folder Claude may view and edit</source>
        <translation>选择一个 Claude 可以查看和编辑的文件夹</translation>
    </message>
    <message>
        <source>{path} is not a folder.</source>
        <translation>{path} 不是文件夹。</translation>
    </message>
    <message>
        <source>{reason}. Choose it again or detach it.</source>
        <translation>{reason}。请重新选择，或移除它。</translation>
    </message>
    <message>
        <source>Could not undo the edit: {reason}</source>
        <translation>无法撤销这次编辑：{reason}</translation>
    </message>
    <message>
        <source>Undo this edit?</source>
        <translation>撤销这次编辑？</translation>
    </message>
    <message>
        <source>Undo anyway and put back the file as it was before Claude&apos;s edit?</source>
        <translation>仍要撤销，并把文件恢复到 Claude 编辑之前的样子吗？</translation>
    </message>
    <message>
        <source>Undo anyway</source>
        <translation>仍然撤销</translation>
    </message>
    <message>
        <source>{done}. Claude will be told with your next message.</source>
        <translation>{done}。下一条消息会告知 Claude。</translation>
    </message>
    <message>
        <source>Deleted “{title}”</source>
        <translation>已删除“{title}”</translation>
    </message>
    <message>
        <source>{used} of {window} tokens</source>
        <translation>{used} / {window} tokens</translation>
    </message>
    <message>
        <source>(request id {id})</source>
        <translation>（请求 ID {id}）</translation>
    </message>
    <message>
        <source>Your organization reached its API tier&apos;s monthly spend limit</source>
        <translation>你的组织已达到当前 API 等级的每月消费上限</translation>
    </message>
    <message>
        <source>Your organization reached the spend limit of its contract</source>
        <translation>你的组织已达到合同规定的消费上限</translation>
    </message>
    <message>
        <source>{model} writes at most {limit} tokens in one reply; the longest reply was capped there.</source>
        <translation>{model} 每条回复最多输出 {limit} 个 token；最长回复已按此上限截取。</translation>
    </message>
    <message>
        <source>Hide the chat list</source>
        <translation>隐藏对话列表</translation>
    </message>
    <message>
        <source>Show the chat list</source>
        <translation>显示对话列表</translation>
    </message>
    <message>
        <source>{model} answered: {text}</source>
        <translation>{model} 已回答：{text}</translation>
    </message>
    <message>
        <source>Line {number} is not NAME=value: {line}</source>
        <translation>第 {number} 行不是 名称=值 格式：{line}</translation>
    </message>
    <message>
        <source>Add an MCP server</source>
        <translation>添加 MCP 服务器</translation>
    </message>
    <message>
        <source>Edit the MCP server {name}</source>
        <translation>编辑 MCP 服务器 {name}</translation>
    </message>
    <message>
        <source>A command on this computer (stdio)</source>
        <translation>本机上的命令（stdio）</translation>
    </message>
    <message>
        <source>An address (streamable HTTP)</source>
        <translation>网络地址（可流式 HTTP）</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Command or address</source>
        <translation>命令或地址</translation>
    </message>
    <message>
        <source>Secret values are kept in the system keyring, never in a file.</source>
        <translation>机密值保存在系统密钥环中，绝不写入文件。</translation>
    </message>
    <message>
        <source>Headers (NAME=value)</source>
        <translation>请求头（名称=值）</translation>
    </message>
    <message>
        <source>Environment (NAME=value)</source>
        <translation>环境变量（名称=值）</translation>
    </message>
    <message>
        <source>Give the command that starts the server</source>
        <translation>请填写启动该服务器的命令</translation>
    </message>
    <message>
        <source>Use in chats</source>
        <translation>在对话中使用</translation>
    </message>
    <message>
        <source>Trusted: its read-only tools run without asking</source>
        <translation>受信任：其只读工具无需询问即可运行</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Start the server now and list its tools</source>
        <translation>立即启动服务器并列出其工具</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Not started: it starts when a chat first needs it.</source>
        <translation>未启动：对话首次需要时启动。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Connected, with {count} tools</source>
        <translation>已连接，共 {count} 个工具</translation>
    </message>
    <message>
        <source>Failed: {why}</source>
        <translation>失败：{why}</translation>
    </message>
    <message>
        <source>Claude can use the tools of these MCP servers. Each call is shown before it runs, and nothing runs without your yes unless you allow it. Changes here apply at once.</source>
        <translation>Claude 可以使用这些 MCP 服务器的工具。每次调用在运行前都会显示；除非你允许，未经你同意不会运行任何工具。此处的更改立即生效。</translation>
    </message>
    <message>
        <source>No servers yet. Add one, or import those of Claude Desktop.</source>
        <translation>还没有服务器。添加一个，或导入 Claude Desktop 的服务器。</translation>
    </message>
    <message>
        <source>Add server…</source>
        <translation>添加服务器…</translation>
    </message>
    <message>
        <source>Import from Claude Desktop…</source>
        <translation>从 Claude Desktop 导入…</translation>
    </message>
    <message>
        <source>MCP servers</source>
        <translation>MCP 服务器</translation>
    </message>
    <message>
        <source>Removed {name} and its secrets.</source>
        <translation>已移除 {name} 及其机密。</translation>
    </message>
    <message>
        <source>Claude Desktop&apos;s configuration</source>
        <translation>Claude Desktop 的配置</translation>
    </message>
    <message>
        <source>none new</source>
        <translation>没有新的</translation>
    </message>
    <message>
        <source>Imported from {path}: {names}</source>
        <translation>已从 {path} 导入：{names}</translation>
    </message>
    <message>
        <source>No notes yet. Claude writes its notes here while the memory is on; you can add one too.</source>
        <translation>还没有笔记。开启记忆后，Claude 会在这里写下笔记；你也可以自己添加。</translation>
    </message>
    <message>
        <source>A name such as preferences.md, or a path such as projects/parley.md</source>
        <translation>名称，例如 preferences.md；或路径，例如 projects/parley.md</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>记忆</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>笔记</translation>
    </message>
    <message>
        <source>New note…</source>
        <translation>新建笔记…</translation>
    </message>
    <message>
        <source>Delete note…</source>
        <translation>删除笔记…</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>未保存：{reason}</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Replace the note?</source>
        <translation>替换这条笔记？</translation>
    </message>
    <message>
        <source>Claude changed {note} after you opened it. Replace its changes with yours?</source>
        <translation>你打开 {note} 之后，Claude 修改了它。要用你的更改替换 Claude 的更改吗？</translation>
    </message>
    <message>
        <source>Save the note?</source>
        <translation>保存这条笔记？</translation>
    </message>
    <message>
        <source>{note} has changes that are not saved.</source>
        <translation>{note} 有尚未保存的更改。</translation>
    </message>
    <message>
        <source>New note</source>
        <translation>新建笔记</translation>
    </message>
    <message>
        <source>{note} already exists</source>
        <translation>{note} 已存在</translation>
    </message>
    <message>
        <source>Not created: {reason}</source>
        <translation>未创建：{reason}</translation>
    </message>
    <message>
        <source>Delete the note?</source>
        <translation>删除这条笔记？</translation>
    </message>
    <message>
        <source>Claude forgets {note}.</source>
        <translation>Claude 将忘记 {note}。</translation>
    </message>
    <message>
        <source>Not deleted: {reason}</source>
        <translation>未删除：{reason}</translation>
    </message>
    <message>
        <source>Let Claude keep a memory across chats</source>
        <translation>允许 Claude 跨对话保留记忆</translation>
    </message>
    <message>
        <source>Claude reads and writes notes in a folder of your profile, without asking: it can reach nothing else. Each step shows under the reply.</source>
        <translation>Claude 会在你个人资料中的一个文件夹里读写笔记，无需询问；它无法访问其他任何内容。每一步都会显示在回复下方。</translation>
    </message>
    <message>
        <source>View and edit…</source>
        <translation>查看和编辑…</translation>
    </message>
    <message>
        <source>Open the memory folder</source>
        <translation>打开记忆文件夹</translation>
    </message>
    <message>
        <source>Clear the memory…</source>
        <translation>清除记忆…</translation>
    </message>
    <message>
        <source>{count} notes kept.</source>
        <translation>已保存 {count} 条笔记。</translation>
    </message>
    <message>
        <source>Nothing kept yet.</source>
        <translation>尚未保存任何内容。</translation>
    </message>
    <message>
        <source>Clear the memory?</source>
        <translation>清除记忆？</translation>
    </message>
    <message>
        <source>Claude forgets every note.</source>
        <translation>Claude 将忘记所有笔记。</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Tools · {count}</source>
        <translation>工具 · {count}</translation>
    </message>
    <message>
        <source>{count} of {total} MCP servers on in this chat</source>
        <translation>本对话启用了 {total} 个 MCP 服务器中的 {count} 个</translation>
    </message>
    <message>
        <source>Choose tools…</source>
        <translation>选择工具…</translation>
    </message>
    <message>
        <source>Attach a resource…</source>
        <translation>附加资源…</translation>
    </message>
    <message>
        <source>Manage tools…</source>
        <translation>管理工具…</translation>
    </message>
    <message>
        <source>Use the prompt {name}</source>
        <translation>使用提示词 {name}</translation>
    </message>
    <message>
        <source>required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <source>An MCP server could not start: {why}</source>
        <translation>有一个 MCP 服务器无法启动：{why}</translation>
    </message>
    <message>
        <source>No prompts in this chat&apos;s MCP servers</source>
        <translation>本对话的 MCP 服务器中没有提示词</translation>
    </message>
    <message>
        <source>No resources in this chat&apos;s MCP servers</source>
        <translation>本对话的 MCP 服务器中没有资源</translation>
    </message>
    <message>
        <source>Tools in this chat</source>
        <translation>本对话中的工具</translation>
    </message>
    <message>
        <source>Starting the servers to list their tools…</source>
        <translation>正在启动服务器以列出其工具…</translation>
    </message>
    <message>
        <source>Claude may call the ticked tools in this chat.</source>
        <translation>在本对话中，Claude 可以调用已勾选的工具。</translation>
    </message>
    <message>
        <source>Could not start: {names}</source>
        <translation>无法启动：{names}</translation>
    </message>
    <message>
        <source>too many requests just now (rate limited)</source>
        <translation>当前请求过多（已被限流）</translation>
    </message>
    <message>
        <source>the query or address was not valid</source>
        <translation>查询或网址无效</translation>
    </message>
    <message>
        <source>the limit of searches for this answer was reached</source>
        <translation>已达到本回答的搜索次数上限</translation>
    </message>
    <message>
        <source>the query was too long</source>
        <translation>查询过长</translation>
    </message>
    <message>
        <source>the request was too large (often a long domain list)</source>
        <translation>请求过大（通常是域名列表太长）</translation>
    </message>
    <message>
        <source>the service was unavailable</source>
        <translation>服务暂不可用</translation>
    </message>
    <message>
        <source>the address was too long</source>
        <translation>网址过长</translation>
    </message>
    <message>
        <source>the address is not allowed (domain filters, robots.txt or a private address)</source>
        <translation>该网址不被允许（域名过滤、robots.txt 或私有地址）</translation>
    </message>
    <message>
        <source>the address had not appeared in the conversation</source>
        <translation>该网址此前未在对话中出现过</translation>
    </message>
    <message>
        <source>the page could not be reached</source>
        <translation>无法访问该网页</translation>
    </message>
    <message>
        <source>the page is not text, HTML or PDF</source>
        <translation>该网页不是文本、HTML 或 PDF</translation>
    </message>
    <message>
        <source>the page was too large</source>
        <translation>该网页过大</translation>
    </message>
    <message>
        <source>Searching: {query}…</source>
        <translation>正在搜索：{query}…</translation>
    </message>
    <message>
        <source>1 result</source>
        <translation>1 条结果</translation>
    </message>
    <message>
        <source>{n} results</source>
        <translation>{n} 条结果</translation>
    </message>
    <message>
        <source>Searched: {query} · {found}</source>
        <translation>已搜索：{query} · {found}</translation>
    </message>
    <message>
        <source>Searched: {query}</source>
        <translation>已搜索：{query}</translation>
    </message>
    <message>
        <source>Reading: {url}…</source>
        <translation>正在读取：{url}…</translation>
    </message>
    <message>
        <source>Read: {page}</source>
        <translation>已读取：{page}</translation>
    </message>
    <message>
        <source>Web search</source>
        <translation>网页搜索</translation>
    </message>
    <message>
        <source>Reading web pages</source>
        <translation>读取网页</translation>
    </message>
    <message>
        <source>Most searches for one answer</source>
        <translation>每个回答最多搜索次数</translation>
    </message>
    <message>
        <source>Each search costs $0.01, plus its results as input tokens</source>
        <translation>每次搜索 0.01 美元，搜索结果另按输入 token 计费</translation>
    </message>
    <message>
        <source>Most pages read for one answer</source>
        <translation>每个回答最多读取网页数</translation>
    </message>
    <message>
        <source>Only these domains</source>
        <translation>仅限这些域名</translation>
    </message>
    <message>
        <source>Never these domains</source>
        <translation>排除这些域名</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>地区</translation>
    </message>
    <message>
        <source>Country code</source>
        <translation>国家代码</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>Automatic: on with Anthropic&apos;s endpoint, off with a proxy or custom endpoint (it may not support them). Answers cite their sources; a search costs $0.01.</source>
        <translation>自动：使用 Anthropic 端点时开启，使用代理或自定义端点时关闭（它们可能不支持）。回答会注明来源；每次搜索 0.01 美元。</translation>
    </message>
    <message>
        <source>Separate domains with commas or new lines; subdomains are included.</source>
        <translation>多个域名用逗号或换行分隔；包含其子域名。</translation>
    </message>
    <message>
        <source>Your approximate location makes local searches relevant. Leave it empty to not send it.</source>
        <translation>提供大致位置可让本地搜索更相关。留空则不发送。</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>On</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Web: {problem}</source>
        <translation>联网：{problem}</translation>
    </message>
    <message>
        <source>Web: the country is a two-letter code such as US, GB or CN</source>
        <translation>联网：国家代码为两个字母，例如 US、GB 或 CN</translation>
    </message>
    <message>
        <source>Show results</source>
        <translation>显示结果</translation>
    </message>
    <message>
        <source>Web step</source>
        <translation>联网步骤</translation>
    </message>
    <message>
        <source>Failed: {why}. Claude went on without it.</source>
        <translation>失败：{why}。Claude 在没有它的情况下继续回答。</translation>
    </message>
    <message>
        <source>Hide results</source>
        <translation>隐藏结果</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Sources of this answer</source>
        <translation>此回答的来源</translation>
    </message>
    <message>
        <source>Show fewer</source>
        <translation>收起</translation>
    </message>
    <message>
        <source>Show all {n} sources</source>
        <translation>显示全部 {n} 个来源</translation>
    </message>
    <message>
        <source>Claude may search the web (up to {n} searches an answer) and read pages; answers cite their sources</source>
        <translation>Claude 可以搜索网页（每个回答最多 {n} 次）并读取网页；回答会注明来源</translation>
    </message>
    <message>
        <source>Claude may read web pages</source>
        <translation>Claude 可以读取网页</translation>
    </message>
    <message>
        <source>Web search and fetch are off in this chat</source>
        <translation>本对话已关闭网页搜索与读取</translation>
    </message>
</context>
</TS>
