// StreamLip's face detector library: a C ABI over dlib's HOG frontal face detector (Debian's libdlib-dev).
// Built by `./streamlip setup`:
//   g++ -std=c++17 -O3 -march=native -fPIC -shared -fvisibility=hidden streamlip_faces.cpp $(pkg-config --cflags --libs dlib-1)
// Loaded by StreamLip.Faces (HogFaceDetector) through P/Invoke. No C++ exception crosses this boundary: every
// function catches, stores the message in the detector and returns an error code.
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms/interpolation.h>

#include <cstdint>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#define SL_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

// Kept in step with FacesNative.AbiVersion on the managed side.
constexpr int32_t kAbiVersion = 1;

// Pixel formats, as FacePixelFormat numbers them.
constexpr int32_t kGray8 = 0;
constexpr int32_t kBgrx32 = 1;
constexpr int32_t kRgb24 = 2;

constexpr int32_t kOk = 0;
constexpr int32_t kBadArgument = -1;
constexpr int32_t kDlibError = -2;

}  // namespace

// One face as the managed side reads it: dlib's inclusive rectangle, its detection confidence, and which of the
// detector's five HOG filters fired (0 front, 1 left, 2 right, 3 front turned left, 4 front turned right).
struct sl_face {
    int32_t left;
    int32_t top;
    int32_t right;
    int32_t bottom;
    double score;
    int32_t filter;
    int32_t reserved;
};

// A detector and its reusable buffers. Not thread-safe: the managed wrapper lets one caller in at a time.
struct sl_hog_detector {
    dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
    dlib::array2d<dlib::rgb_pixel> image;
    dlib::array2d<dlib::rgb_pixel> upsampled;
    std::vector<dlib::rect_detection> detections;
    std::string error;
};

SL_EXPORT int32_t sl_faces_abi_version() { return kAbiVersion; }

SL_EXPORT sl_hog_detector* sl_hog_create(char* error, int32_t error_capacity) {
    try {
        return new sl_hog_detector();
    } catch (const std::exception& e) {
        if (error != nullptr && error_capacity > 0) {
            std::strncpy(error, e.what(), static_cast<size_t>(error_capacity) - 1);
            error[error_capacity - 1] = '\0';
        }
        return nullptr;
    }
}

SL_EXPORT void sl_hog_destroy(sl_hog_detector* detector) { delete detector; }

SL_EXPORT const char* sl_hog_last_error(const sl_hog_detector* detector) {
    return detector == nullptr ? "no detector" : detector->error.c_str();
}

// Detects faces in one image. found receives how many faces there are; the first min(found, capacity) are written
// to faces, strongest first. Coordinates are in pixels of the image given (upsampling is undone).
SL_EXPORT int32_t sl_hog_detect(sl_hog_detector* detector, const uint8_t* pixels, int32_t width, int32_t height,
                                int32_t stride, int32_t format, int32_t upsample, double adjust_threshold,
                                sl_face* faces, int32_t capacity, int32_t* found) {
    if (detector == nullptr || pixels == nullptr || found == nullptr || width <= 0 || height <= 0 || upsample < 0 ||
        upsample > 3 || capacity < 0 || (capacity > 0 && faces == nullptr)) {
        if (detector != nullptr) detector->error = "invalid arguments";
        return kBadArgument;
    }
    try {
        detector->image.set_size(height, width);
        for (int32_t y = 0; y < height; ++y) {
            const uint8_t* row = pixels + static_cast<size_t>(y) * static_cast<size_t>(stride);
            for (int32_t x = 0; x < width; ++x) {
                dlib::rgb_pixel& p = detector->image[y][x];
                switch (format) {
                    case kGray8: p = dlib::rgb_pixel(row[x], row[x], row[x]); break;
                    case kBgrx32: p = dlib::rgb_pixel(row[4 * x + 2], row[4 * x + 1], row[4 * x]); break;
                    case kRgb24: p = dlib::rgb_pixel(row[3 * x], row[3 * x + 1], row[3 * x + 2]); break;
                    default: detector->error = "unknown pixel format"; return kBadArgument;
                }
            }
        }
        dlib::pyramid_down<2> pyramid;
        for (int32_t i = 0; i < upsample; ++i) {
            dlib::pyramid_up(detector->image, detector->upsampled, pyramid);
            dlib::swap(detector->image, detector->upsampled);
        }
        detector->detections.clear();
        detector->detector(detector->image, detector->detections, adjust_threshold);
        const int32_t n = static_cast<int32_t>(detector->detections.size());
        for (int32_t i = 0; i < n && i < capacity; ++i) {
            const dlib::rect_detection& d = detector->detections[i];
            dlib::rectangle r = d.rect;
            for (int32_t k = 0; k < upsample; ++k) r = pyramid.rect_down(r);
            faces[i] = sl_face{static_cast<int32_t>(r.left()), static_cast<int32_t>(r.top()),
                               static_cast<int32_t>(r.right()), static_cast<int32_t>(r.bottom()),
                               d.detection_confidence, static_cast<int32_t>(d.weight_index), 0};
        }
        *found = n;
        return kOk;
    } catch (const std::exception& e) {
        detector->error = e.what();
        return kDlibError;
    }
}
