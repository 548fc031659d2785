// The geometry behind the act's map of Kazakhstan: a Lambert conformal
// conic projection (on a sphere; standard parallels 45° and 52° N, central
// meridian 67° E, which keeps shapes and the km scale true to a few percent
// over the whole country), a frame that fits projected points into an SVG
// box (y grows downwards), and geodesic circles for the RTT distance bounds.
// Pure arithmetic; unit-tested in tests/reports/act_pictures_test.cc.
#pragma once

#include <vector>

#include "checks/latency_bound.h"

namespace pooltest {

struct PlanePoint {
  double x = 0;
  double y = 0;  // north up on the projection plane, down in the SVG frame
};

// Projection plane units are kilometres (sphere of radius 6371 km).
class ConicProjection {
 public:
  ConicProjection(double parallel1_deg = 45, double parallel2_deg = 52,
                  double central_meridian_deg = 67, double origin_lat_deg = 48);
  PlanePoint Project(GeoPoint p) const;

 private:
  double n_, f_, rho0_, lon0_;
};

// Maps projected kilometres into an SVG box: the given bounds (in projected
// km) fill `width` x `height` less `margin` on every side, keeping the
// aspect ratio, centred.
class MapFrame {
 public:
  MapFrame(const ConicProjection& projection, PlanePoint min_km, PlanePoint max_km, double width,
           double height, double margin);
  PlanePoint ToSvg(GeoPoint p) const;
  double UnitsPerKm() const { return scale_; }

 private:
  ConicProjection projection_;
  double scale_, x0_, y0_;
};

// The point `km` away from `from` along the great circle leaving at
// `bearing_deg` (clockwise from north).
GeoPoint DestinationPoint(GeoPoint from, double bearing_deg, double km);

// `segments` points (at least 8) of the circle of `radius_km` around
// `centre` on the sphere, for drawing as a closed polygon.
std::vector<GeoPoint> GeodesicCircle(GeoPoint centre, double radius_km, int segments);

}  // namespace pooltest
