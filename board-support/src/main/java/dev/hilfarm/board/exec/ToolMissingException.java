package dev.hilfarm.board.exec;

/** A host tool is not installed; the message names the Debian package that ships it. */
public final class ToolMissingException extends HostCommandException {
    private final String tool;
    private final String debianPackage;

    public ToolMissingException(String tool, String debianPackage) {
        super(tool + " not found on PATH" + (debianPackage == null ? ""
                : "; install the Debian package " + debianPackage + " (apt-get install " + debianPackage + ")"), null);
        this.tool = tool;
        this.debianPackage = debianPackage;
    }

    public String tool() {
        return tool;
    }

    public String debianPackage() {
        return debianPackage;
    }
}
