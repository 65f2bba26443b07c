package dev.hilfarm.image;

/** The test image cache is absent, corrupt or cannot be filled. The message is one line for the user. */
public class ImageCacheException extends RuntimeException {
    public ImageCacheException(String message) {
        super(message);
    }

    public ImageCacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
