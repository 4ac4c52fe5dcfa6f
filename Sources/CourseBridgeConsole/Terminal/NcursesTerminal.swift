import CNcursesw
import Foundation

/// The only code that touches the terminal: blits a `ScreenBuffer` and reads keys. Main thread only.
final class NcursesTerminal {
    enum Event { case key(Key), resize(Int, Int), mouse(MouseEvent) }

    private let window: UnsafeMutablePointer<WINDOW>
    private var open = true
    private var attributes: [StyleID: (attr: attr_t, pair: Int16)] = [:]

    init(theme: Theme, mouse: Bool = true) {
        setlocale(LC_ALL, "")
        // A parent may hand us SIGWINCH blocked or ignored (seen under test runners); ncurses needs it for KEY_RESIZE.
        var winch = sigset_t()
        sigemptyset(&winch)
        sigaddset(&winch, SIGWINCH)
        pthread_sigmask(SIG_UNBLOCK, &winch, nil)
        signal(SIGWINCH, SIG_DFL)
        set_escdelay(25)
        window = initscr()!
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        curs_set(0)
        wtimeout(window, 100)
        if mouse {
            // Press and release come as they happen (no 166 ms wait to pair them into a click); a second press on
            // the selected row opens it, so double-click timing is not needed.
            mouseinterval(0)
            mousemask(NC_BUTTON1_PRESSED | NC_BUTTON1_CLICKED | NC_BUTTON1_DOUBLE_CLICKED | NC_BUTTON4_PRESSED | NC_BUTTON5_PRESSED, nil)
        }
        applyTheme(theme)
    }

    private func applyTheme(_ theme: Theme) {
        let colors = theme.usesColor && has_colors()
        if colors {
            start_color()
            use_default_colors()
        }
        let count = max(8, Int(nc_colors()))
        func index(_ c: ThemeColor) -> Int16 {
            guard case .index(let n) = c else { return -1 }
            return Int(n) < count ? n : n % 8
        }
        for (n, id) in StyleID.allCases.enumerated() {
            let s = theme.style(id)
            var attr = NC_A_NORMAL
            if s.bold { attr |= NC_A_BOLD }
            if s.underline { attr |= NC_A_UNDERLINE }
            if s.reverse { attr |= NC_A_REVERSE }
            if s.dim { attr |= NC_A_DIM }
            var pair: Int16 = 0
            if colors, s.fg != .terminalDefault || s.bg != .terminalDefault {
                pair = Int16(n + 1)
                init_pair(pair, index(s.fg), index(s.bg))
            }
            attributes[id] = (attr, pair)
        }
    }

    var size: (width: Int, height: Int) {
        var h: Int32 = 0, w: Int32 = 0
        nc_getmaxyx(window, &h, &w)
        return (Int(w), Int(h))
    }

    // MARK: - Output

    /// Writes each run of same-style cells with one call; lengths count characters, not bytes.
    func draw(_ buffer: ScreenBuffer) {
        for y in 0..<buffer.height {
            for run in buffer.runs(row: y) {
                let a = attributes[run.style] ?? (NC_A_NORMAL, 0)
                wattr_set(window, a.attr, a.pair, nil)
                var wide = run.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) } + [0]
                mvwaddnwstr(window, Int32(y), Int32(run.x), &wide, Int32(wide.count - 1))
            }
        }
        wattr_set(window, NC_A_NORMAL, 0, nil)
        wrefresh(window)
    }

    // MARK: - Input

    /// The next key, or nil after 100 ms without one.
    func read() -> Event? {
        var ch: wint_t = 0
        let r = wget_wch(window, &ch)
        if r == ERR { return nil }
        if r == KEY_CODE_YES {
            switch Int32(ch) {
            case KEY_RESIZE:
                let s = size
                return .resize(s.width, s.height)
            case KEY_MOUSE:
                var event = MEVENT()
                guard getmouse(&event) == OK else { return nil }
                let x = Int(event.x), y = Int(event.y)
                if event.bstate & NC_BUTTON4_PRESSED != 0 { return .mouse(MouseEvent(.wheelUp, x: x, y: y)) }
                if event.bstate & NC_BUTTON5_PRESSED != 0 { return .mouse(MouseEvent(.wheelDown, x: x, y: y)) }
                if event.bstate & (NC_BUTTON1_PRESSED | NC_BUTTON1_CLICKED | NC_BUTTON1_DOUBLE_CLICKED) != 0 {
                    return .mouse(MouseEvent(.press, x: x, y: y))
                }
                return nil
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_BACKSPACE: return .key(.backspace)
            case KEY_DC: return .key(.delete)
            case KEY_BTAB: return .key(.backTab)
            case KEY_ENTER: return .key(.enter)
            case KEY_F0 + 1...KEY_F0 + 12: return .key(.f(Int(Int32(ch) - KEY_F0)))
            default: return nil
            }
        }
        switch ch {
        case 10, 13: return .key(.enter)
        case 9: return .key(.tab)
        case 27: return .key(.esc)
        case 8, 127: return .key(.backspace)
        case 1...26: return .key(.ctrl(Character(Unicode.Scalar(UInt8(ch) + 96))))
        default:
            guard let scalar = Unicode.Scalar(UInt32(ch)) else { return nil }
            return .key(.char(Character(scalar)))
        }
    }

    /// OSC 52: the terminal (or tmux with set-clipboard on, or the ssh client's terminal) puts `text` on the
    /// clipboard. Written straight to the tty between frames; curses' picture of the screen is unchanged by it.
    func copyToClipboard(_ text: String) {
        let sequence = "\u{1b}]52;c;\(Data(text.utf8).base64EncodedString())\u{07}"
        let bytes = Array(sequence.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { break }
            offset += n
        }
    }

    /// Restores the terminal; safe to call more than once.
    func close() {
        guard open else { return }
        open = false
        endwin()
    }
}
