extension Unicode.Scalar {
    /// C0 and C1 controls and DEL: what a terminal may take as part of an escape sequence. Never part of an
    /// e-mail address, never drawn, never printed as typed.
    public var isControlCharacter: Bool { value < 0x20 || (0x7F...0x9F).contains(value) }
}
