package dev.hilfarm.image.recipe;

import dev.hilfarm.board.exec.HostCommand;
import dev.hilfarm.image.uboot.FitSigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * A directory of FIT signing key pairs in mkimage's layout ({@code NAME.key}: the PEM private
 * key, {@code NAME.crt}: its X.509 certificate), so that the same directory works with
 * {@code mkimage -k}. A development key that does not exist yet is made with openssl on first
 * use, saying so; a vendor points {@code --keys} at its own directory instead.
 */
public final class SigningKeys {
    private final Path directory;

    public SigningKeys(Path directory) {
        this.directory = directory.toAbsolutePath();
    }

    public Path directory() {
        return directory;
    }

    /** A key pair: the private key to sign with and the public key U-Boot verifies against. */
    public record KeyPair(String name, RSAPrivateKey privateKey, FitSigningKey publicKey, Path certificate) {
    }

    /** The pair called {@code name}, made first when the directory has neither of its files. */
    public KeyPair get(String name, Consumer<String> progress) {
        Path key = directory.resolve(name + ".key");
        Path certificate = directory.resolve(name + ".crt");
        if (!Files.exists(key) && !Files.exists(certificate)) {
            generate(name, progress);
        }
        for (Path p : new Path[] {key, certificate}) {
            if (!Files.isRegularFile(p)) {
                throw new RecipeBuildException("signing key " + name + ": " + p + " is missing (a key pair is "
                        + name + ".key and " + name + ".crt, as mkimage -k expects)");
            }
        }
        try {
            RSAPrivateKey privateKey = readPrivateKey(key);
            FitSigningKey publicKey = FitSigningKey.parse(certificate.toString(), name,
                    Files.readString(certificate, StandardCharsets.US_ASCII), "conf");
            return new KeyPair(name, privateKey, publicKey, certificate);
        } catch (IOException e) {
            throw new RecipeBuildException("cannot read signing key " + name + " in " + directory + ": " + e.getMessage(), e);
        }
    }

    private static RSAPrivateKey readPrivateKey(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new RecipeBuildException(file + ": expected a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----);"
                    + " convert an RSA key with: openssl pkcs8 -topk8 -nocrypt -in OLD -out " + file.getFileName());
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        try {
            if (KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)) instanceof RSAPrivateKey rsa) {
                if (rsa.getModulus().bitLength() != 2048) {
                    throw new RecipeBuildException(file + ": a " + rsa.getModulus().bitLength()
                            + "-bit key; FIT signatures here are sha256,rsa2048");
                }
                return rsa;
            }
            throw new RecipeBuildException(file + ": not an RSA private key");
        } catch (GeneralSecurityException e) {
            throw new RecipeBuildException(file + ": not a readable RSA private key: " + e.getMessage(), e);
        }
    }

    /** Makes both files in a scratch directory and renames them in, so a half-made pair never shows. */
    private void generate(String name, Consumer<String> progress) {
        try {
            Files.createDirectories(directory);
            Path scratch = Files.createTempDirectory(directory, "." + name + "-");
            try {
                Path key = scratch.resolve(name + ".key");
                HostCommand.of("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                        "-out", key.toString()).providedBy("openssl").runChecked();
                HostCommand.of("openssl", "req", "-batch", "-new", "-x509", "-days", "36500",
                        "-subj", "/CN=hilfarm development key " + name, "-key", key.toString(),
                        "-out", scratch.resolve(name + ".crt").toString()).providedBy("openssl").runChecked();
                Files.move(scratch.resolve(name + ".crt"), directory.resolve(name + ".crt"), StandardCopyOption.ATOMIC_MOVE);
                Files.move(key, directory.resolve(name + ".key"), StandardCopyOption.ATOMIC_MOVE);
                progress.accept("made development signing key " + name + " in " + directory
                        + " (keep it out of version control; give --keys DIR for your own keys)");
            } finally {
                try (var left = Files.list(scratch)) {
                    for (Path p : left.toList()) {
                        Files.deleteIfExists(p);
                    }
                }
                Files.deleteIfExists(scratch);
            }
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException raced) {
            // another build made the pair at the same moment; use that one
        } catch (IOException e) {
            throw new RecipeBuildException("cannot make signing key " + name + " in " + directory + ": " + e.getMessage(), e);
        }
    }
}
