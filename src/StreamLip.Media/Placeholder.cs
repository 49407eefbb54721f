namespace StreamLip.Media;
