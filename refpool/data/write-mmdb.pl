#!/usr/bin/perl
# Writes the reference pool's MaxMind DB fixtures from one readable world file
# (world*.json in this folder): a geolocation database in the nested GeoIP2
# schema, one in the flat schema of the @ip-location-db repackagings, and an
# ASN database in the GeoLite2-ASN schema. The build runs this; the .mmdb
# files are never committed.
#
# Usage: write-mmdb.pl WORLD.json GEO.mmdb GEO-FLAT.mmdb ASN.mmdb
#
# Output is byte-for-byte reproducible: the build epoch comes from the world
# file (not the clock) and the writer serialises map keys in sorted order.
use strict;
use warnings;

use JSON::PP ();
use MaxMind::DB::Writer::Tree;

die "usage: $0 WORLD.json GEO.mmdb GEO-FLAT.mmdb ASN.mmdb\n" unless @ARGV == 4;
my ( $world_path, $geo_path, $flat_path, $asn_path ) = @ARGV;

my $world = read_world($world_path);

# Every key either schema can hold must have a type here: the writer dies on
# an unknown key, which is the point (a typo in a world file fails the build).
my %geoip2_types = (
    continent       => 'map',
    country         => 'map',
    city            => 'map',
    location        => 'map',
    subdivisions    => [ 'array', 'map' ],
    names           => 'map',
    en              => 'utf8_string',
    ru              => 'utf8_string',
    code            => 'utf8_string',
    iso_code        => 'utf8_string',
    geoname_id      => 'uint32',
    latitude        => 'double',
    longitude       => 'double',
    accuracy_radius => 'uint16',
    time_zone       => 'utf8_string',
);
my %flat_types = (
    country_code => 'utf8_string',
    state1       => 'utf8_string',
    city         => 'utf8_string',
    latitude     => 'float',
    longitude    => 'float',
    timezone     => 'utf8_string',
);
my %asn_types = (
    autonomous_system_number       => 'uint32',
    autonomous_system_organization => 'utf8_string',
);

my $name = $world->{name};
my %trees = (
    geo => new_tree( "pooltest-fixture-City", \%geoip2_types,
        "pooltest reference pool '$name': geolocation, GeoIP2 schema (fixture data, not real)" ),
    flat => new_tree( "pooltest-fixture-City-flat", \%flat_types,
        "pooltest reference pool '$name': geolocation, flat schema (fixture data, not real)" ),
    asn => new_tree( "pooltest-fixture-ASN", \%asn_types,
        "pooltest reference pool '$name': autonomous systems (fixture data, not real)" ),
);

for my $host ( @{ $world->{hosts} } ) {
    my $place    = $world->{places}{ $host->{place} };
    my $provider = $world->{providers}{ $host->{provider} };
    for my $network ( map { tree_network($_) } every_block( $host->{network} ) ) {
        $trees{geo}->insert_network( $network, geoip2_record($place) );
        $trees{flat}->insert_network( $network, flat_record($place) );
        $trees{asn}->insert_network(
            $network,
            {   autonomous_system_number       => $provider->{asn},
                autonomous_system_organization => $provider->{organisation},
            }
        );
    }
}

write_tree( $trees{geo},  $geo_path );
write_tree( $trees{flat}, $flat_path );
write_tree( $trees{asn},  $asn_path );
exit 0;

sub fail { die "$world_path: $_[0]\n" }

sub read_world {
    my ($path) = @_;
    open my $fh, '<:raw', $path or die "$path: cannot open: $!\n";
    local $/;
    my $text = <$fh>;
    close $fh;
    my $w = eval { JSON::PP->new->utf8->decode($text) };
    die "$path: not valid JSON: $@" unless $w;
    for my $key (qw(name build_epoch places providers hosts)) {
        die "$path: missing top-level key '$key'\n" unless exists $w->{$key};
    }
    die "$path: build_epoch must be an integer\n"
        unless $w->{build_epoch} =~ /^\d+$/;
    my $i = 0;
    for my $h ( @{ $w->{hosts} } ) {
        $i++;
        for my $key (qw(network place provider)) {
            die "$path: host #$i has no '$key'\n" unless defined $h->{$key};
        }
        die "$path: host #$i ($h->{network}): unknown place '$h->{place}'\n"
            unless $w->{places}{ $h->{place} };
        die "$path: host #$i ($h->{network}): unknown provider '$h->{provider}'\n"
            unless $w->{providers}{ $h->{provider} };
    }
    return $w;
}

sub new_tree {
    my ( $type, $key_types, $description ) = @_;
    return MaxMind::DB::Writer::Tree->new(
        ip_version    => 6,
        record_size   => 28,
        database_type => $type,
        languages     => [ 'en', 'ru' ],
        description   => { en => $description },
        # Loopback is the whole point of these fixtures; by default the
        # writer silently drops reserved networks such as 127.0.0.0/8.
        remove_reserved_networks => 0,
        map_key_type_callback    => sub {
            my $t = $key_types->{ $_[0] };
            fail("no MaxMind DB type for key '$_[0]' in $type") unless defined $t;
            return $t;
        },
        _build_epoch => $world->{build_epoch},
    );
}

# `pooltest demo` and `refpool` run the pool in whichever loopback block
# 127.0.X.0/24 is free (refpool/loopback_block.h), so a host written as
# 127.0.0.Y/32 stands for 127.0.X.Y/32 in every block X = 0..255: the same
# host gives the same answers wherever the pool runs. Other networks are
# written as they are.
sub every_block {
    my ($network) = @_;
    return ($network) unless $network =~ m{^127\.0\.0\.(\d+)/32$};
    my $host = $1;
    return map { "127.0.$_.$host/32" } 0 .. 255;
}

# In an IPv6 tree, libmaxminddb looks IPv4 addresses up under ::a.b.c.d, so
# an IPv4 prefix of length n is inserted as ::a.b.c.d/(96+n).
sub tree_network {
    my ($network) = @_;
    my ( $ip, $len ) = split m{/}, $network, 2;
    fail("network '$network' has no /prefix-length") unless defined $len && $len =~ /^\d+$/;
    return $network if $ip =~ /:/;
    fail("network '$network' is not IPv4 a.b.c.d/n")
        unless $ip =~ /^\d+\.\d+\.\d+\.\d+$/ && $len <= 32;
    return "::$ip/" . ( 96 + $len );
}

sub names_of {
    my ($o) = @_;
    return { map { $_ => $o->{names}{$_} } grep { defined $o->{names}{$_} } qw(en ru) };
}

sub geoip2_record {
    my ($p) = @_;
    my %r;
    for my $key (qw(continent country city)) {
        next unless $p->{$key};
        my %m = ( names => names_of( $p->{$key} ) );
        $m{geoname_id} = $p->{$key}{geoname_id} if defined $p->{$key}{geoname_id};
        $m{code}       = $p->{$key}{code}       if $key eq 'continent';
        $m{iso_code}   = $p->{$key}{iso_code}   if $key eq 'country';
        $r{$key} = \%m;
    }
    if ( my $region = $p->{region} ) {
        $r{subdivisions} = [
            {   iso_code   => $region->{iso_code},
                geoname_id => $region->{geoname_id},
                names      => names_of($region),
            }
        ];
    }
    if ( my $loc = $p->{location} ) {
        $r{location} = { map { $_ => $loc->{$_} } grep { defined $loc->{$_} } keys %{$loc} };
    }
    return \%r;
}

# The flat repackagings keep a key with an empty string where the value is
# unknown (most often the city), so the fixture does the same.
sub flat_record {
    my ($p) = @_;
    my %r = (
        country_code => $p->{country}{iso_code} // '',
        state1       => $p->{region} ? $p->{region}{names}{en} : '',
        city         => $p->{city}   ? $p->{city}{names}{en}   : '',
    );
    if ( my $loc = $p->{location} ) {
        $r{latitude}  = $loc->{latitude};
        $r{longitude} = $loc->{longitude};
        $r{timezone}  = $loc->{time_zone} if defined $loc->{time_zone};
    }
    return \%r;
}

# Written to a temporary name and renamed, so an interrupted build never
# leaves a truncated database that a later build would consider up to date.
sub write_tree {
    my ( $tree, $path ) = @_;
    my $tmp = "$path.tmp.$$";
    my $ok = eval {
        open my $fh, '>:raw', $tmp or die "$tmp: cannot create: $!\n";
        $tree->write_tree($fh);
        close $fh or die "$tmp: cannot write: $!\n";
        rename $tmp, $path or die "$path: cannot rename from $tmp: $!\n";
        1;
    };
    return if $ok;
    my $why = $@;
    unlink $tmp;
    die $why;
}
