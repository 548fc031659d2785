#include "reports/map_projection.h"

#include <algorithm>
#include <cmath>

namespace pooltest {
namespace {

constexpr double kEarthKm = 6371.0;
constexpr double kPi = 3.14159265358979323846;
double Rad(double deg) { return deg * kPi / 180.0; }
double Deg(double rad) { return rad * 180.0 / kPi; }
double TanHalf(double lat_rad) { return std::tan(kPi / 4 + lat_rad / 2); }

}  // namespace

ConicProjection::ConicProjection(double parallel1_deg, double parallel2_deg,
                                 double central_meridian_deg, double origin_lat_deg)
    : lon0_(Rad(central_meridian_deg)) {
  const double p1 = Rad(parallel1_deg), p2 = Rad(parallel2_deg);
  n_ = std::log(std::cos(p1) / std::cos(p2)) / std::log(TanHalf(p2) / TanHalf(p1));
  f_ = std::cos(p1) * std::pow(TanHalf(p1), n_) / n_;
  rho0_ = kEarthKm * f_ / std::pow(TanHalf(Rad(origin_lat_deg)), n_);
}

PlanePoint ConicProjection::Project(GeoPoint p) const {
  const double rho = kEarthKm * f_ / std::pow(TanHalf(Rad(p.latitude)), n_);
  const double theta = n_ * (Rad(p.longitude) - lon0_);
  return {rho * std::sin(theta), rho0_ - rho * std::cos(theta)};
}

MapFrame::MapFrame(const ConicProjection& projection, PlanePoint min_km, PlanePoint max_km,
                   double width, double height, double margin)
    : projection_(projection) {
  const double span_x = std::max(max_km.x - min_km.x, 1e-9);
  const double span_y = std::max(max_km.y - min_km.y, 1e-9);
  scale_ = std::min((width - 2 * margin) / span_x, (height - 2 * margin) / span_y);
  // Centred: the unused room is split evenly on both sides.
  x0_ = (width - span_x * scale_) / 2 - min_km.x * scale_;
  y0_ = (height - span_y * scale_) / 2 + max_km.y * scale_;
}

PlanePoint MapFrame::ToSvg(GeoPoint p) const {
  const PlanePoint km = projection_.Project(p);
  return {x0_ + km.x * scale_, y0_ - km.y * scale_};
}

GeoPoint DestinationPoint(GeoPoint from, double bearing_deg, double km) {
  const double d = km / kEarthKm, b = Rad(bearing_deg);
  const double lat1 = Rad(from.latitude), lon1 = Rad(from.longitude);
  const double lat2 =
      std::asin(std::sin(lat1) * std::cos(d) + std::cos(lat1) * std::sin(d) * std::cos(b));
  const double lon2 = lon1 + std::atan2(std::sin(b) * std::sin(d) * std::cos(lat1),
                                        std::cos(d) - std::sin(lat1) * std::sin(lat2));
  return {Deg(lat2), Deg(lon2)};
}

std::vector<GeoPoint> GeodesicCircle(GeoPoint centre, double radius_km, int segments) {
  segments = std::max(segments, 8);
  std::vector<GeoPoint> out;
  out.reserve(static_cast<size_t>(segments));
  for (int i = 0; i < segments; ++i)
    out.push_back(DestinationPoint(centre, 360.0 * i / segments, radius_km));
  return out;
}

}  // namespace pooltest
