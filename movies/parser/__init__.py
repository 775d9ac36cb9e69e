"""The release and file name parser: one parse for titles, file names and folder names."""
