// The reference StreamLip's face code is checked against: dlib 19.24 itself (Debian's libdlib-dev), built by the
// test (ReferenceProgram.cs) with g++ and `pkg-config dlib-1`. It shares no code with StreamLip.
//   dlib_reference landmarks MODEL.dat IMAGE.ppm BOXES.txt   one "left top right bottom" (dlib, inclusive) per line;
//                                                             prints one line per box: "x0 y0 x1 y1 ..." (dlib's points)
//   dlib_reference detect IMAGE.ppm UPSAMPLE                  prints "left top right bottom confidence filter" per face
// IMAGE.ppm is a binary P6 file (RGB, maxval 255), read here without dlib's image loaders.
#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms/interpolation.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

static void read_ppm(const char* path, dlib::array2d<dlib::rgb_pixel>& img) {
    std::ifstream in(path, std::ios::binary);
    std::string magic;
    long width = 0, height = 0, maxval = 0;
    in >> magic >> width >> height >> maxval;
    in.get();
    if (!in || magic != "P6" || width <= 0 || height <= 0 || maxval != 255) throw std::runtime_error("not a P6 PPM");
    img.set_size(height, width);
    for (long y = 0; y < height; ++y)
        for (long x = 0; x < width; ++x) {
            unsigned char rgb[3];
            in.read(reinterpret_cast<char*>(rgb), 3);
            img[y][x] = dlib::rgb_pixel(rgb[0], rgb[1], rgb[2]);
        }
    if (!in) throw std::runtime_error("PPM is truncated");
}

int main(int argc, char** argv) {
    try {
        std::string mode = argc > 1 ? argv[1] : "";
        dlib::array2d<dlib::rgb_pixel> img;
        if (mode == "landmarks" && argc == 5) {
            dlib::shape_predictor sp;
            dlib::deserialize(argv[2]) >> sp;
            read_ppm(argv[3], img);
            std::ifstream boxes(argv[4]);
            long l, t, r, b;
            while (boxes >> l >> t >> r >> b) {
                dlib::full_object_detection shape = sp(img, dlib::rectangle(l, t, r, b));
                for (unsigned long i = 0; i < shape.num_parts(); ++i)
                    std::printf("%s%ld %ld", i == 0 ? "" : " ", shape.part(i).x(), shape.part(i).y());
                std::printf("\n");
            }
            return 0;
        }
        if (mode == "detect" && argc == 4) {
            read_ppm(argv[2], img);
            dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
            dlib::pyramid_down<2> pyr;
            int upsample = std::stoi(argv[3]);
            for (int i = 0; i < upsample; ++i) dlib::pyramid_up(img, pyr);
            std::vector<dlib::rect_detection> dets;
            detector(img, dets);
            for (const auto& d : dets) {
                dlib::rectangle r = d.rect;
                for (int i = 0; i < upsample; ++i) r = pyr.rect_down(r);
                std::printf("%ld %ld %ld %ld %.6f %lu\n", r.left(), r.top(), r.right(), r.bottom(), d.detection_confidence,
                            d.weight_index);
            }
            return 0;
        }
        std::fprintf(stderr, "usage: dlib_reference landmarks MODEL IMAGE.ppm BOXES | detect IMAGE.ppm UPSAMPLE\n");
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
