// Package upload checks, reads and serves the files people attach:
// proposals' images, justification reports, agreements, event materials.
// Files are accepted by the type their bytes show, never by their name or
// the browser's claim, and served so that a browser never runs them.
// Each module keeps its files in its own table.
package upload

import (
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/web"
)

// Limits on one form's files.
const (
	MaxBytes     = 5 << 20 // per file
	MaxFiles     = 5
	maxNameRunes = 100
	// FormFiles is the most bytes of files one form holds: what a route
	// that takes them declares (web.Route's Uploads).
	FormFiles = MaxFiles * MaxBytes
)

// File is a file a person sends: its name as their device gave it and its
// bytes.
type File struct {
	Name string
	Data []byte
}

// allowedTypes are the only files accepted, by sniffed type.
var allowedTypes = map[string]bool{"image/jpeg": true, "image/png": true, "image/webp": true, "application/pdf": true}

// IsImage says whether a file of this type is shown as a picture.
func IsImage(contentType string) bool { return strings.HasPrefix(contentType, "image/") }

func fieldError(field, fa, en string) error {
	e := apperr.New(apperr.Invalid, fa, en)
	e.Fields = append(e.Fields, apperr.Field{Name: field, Msg: e.Msg})
	return e
}

func errTooMany(field string) error {
	return fieldError(field, "حداکثر ۵ پرونده می‌توانید پیوست کنید.", "You can attach at most 5 files.")
}

// Check validates files before anything is written and returns their
// sniffed types; problems are reported on the form field named field.
func Check(files []File, field string) ([]string, error) {
	if len(files) > MaxFiles {
		return nil, errTooMany(field)
	}
	types := make([]string, len(files))
	for i, f := range files {
		if len(f.Data) == 0 || len(f.Data) > MaxBytes {
			return nil, fieldError(field, "هر پرونده باید کمتر از ۵ مگابایت باشد و خالی نباشد.",
				"Each file must be under 5 MB and not empty.")
		}
		t := http.DetectContentType(f.Data)
		if !allowedTypes[t] {
			return nil, fieldError(field, "فقط تصویر (JPEG، PNG، WebP) و PDF پذیرفته می‌شود.",
				"Only images (JPEG, PNG, WebP) and PDF files are accepted.")
		}
		types[i] = t
	}
	return types, nil
}

// CleanName keeps a file name short and free of paths and control
// characters; it is only ever shown, never used to open a file.
func CleanName(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, persian.Normalize(name))
	if rs := []rune(name); len(rs) > maxNameRunes {
		name = string(rs[len(rs)-maxNameRunes:])
	}
	if name == "" || name == "." || name == "/" {
		name = "file"
	}
	return name
}

// ReadMultipart reads a multipart form into r.PostForm, checks its fields
// against its route's bounds (web.CheckForm) and returns the files of one
// field (none when the browser sent its empty file input). The route's
// body limit (web.Route's Uploads beside its form) bounds what is read: a
// body over it is refused, 413.
func ReadMultipart(r *http.Request, field string) ([]File, error) {
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		return nil, web.BodyError(err)
	}
	r.PostForm = url.Values(r.MultipartForm.Value)
	if err := web.CheckForm(r); err != nil {
		return nil, err
	}
	return Files(r.MultipartForm.File[field], field)
}

// Files reads the parts of a multipart file field, skipping the empty part
// a browser sends when no file was chosen. Reading stops past MaxFiles;
// Check does the rest.
func Files(fhs []*multipart.FileHeader, field string) ([]File, error) {
	var out []File
	for _, fh := range fhs {
		if fh.Size == 0 && fh.Filename == "" {
			continue
		}
		if len(out) == MaxFiles {
			return nil, errTooMany(field)
		}
		data, err := readPart(fh)
		if err != nil {
			return nil, err
		}
		out = append(out, File{Name: fh.Filename, Data: data})
	}
	return out, nil
}

func readPart(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, MaxBytes+1))
}

// Serve writes a stored file: pictures inline, anything else as a
// download, always in a sandbox with no scripts, so that a file crafted
// to look like a page runs nothing on our origin.
func Serve(w http.ResponseWriter, name, contentType string, data []byte) {
	disposition := "inline"
	if !IsImage(contentType) {
		disposition = "attachment"
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", disposition+"; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, max-age=3600")
	w.Write(data)
}
